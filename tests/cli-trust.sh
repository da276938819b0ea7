#!/bin/sh
# pki trust install | uninstall | status (issue 14 item 1), against a temporary root (--root):
# Debian's real update-ca-certificates is run on the folders below it, so nothing on this
# machine changes and no root is needed. PKI_TEST_SYSTEM_TRUST=1 (as root) also installs a
# test CA into the real system store and takes it away again, checking the bundle is restored.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
UPD=$(PATH="$PATH:/usr/sbin:/sbin" command -v update-ca-certificates)
[ -n "$UPD" ] || { echo "1..0 # SKIP update-ca-certificates (Debian's ca-certificates) not found"; exit 0; }

# The root: Debian's folders, one distribution CA listed in ca-certificates.conf (a real
# store is never empty, and update-ca-certificates keeps an old bundle when nothing is left).
R="$TMP/root"
mkdir -p "$R/etc/ssl/certs" "$R/usr/share/ca-certificates/test" "$R/etc/ca-certificates/update.d"
pki ca new --key-out dist-key.pem --subject "CN=Distribution CA" -o "$R/usr/share/ca-certificates/test/dist.crt" 2>/dev/null
echo "test/dist.crt" >"$R/etc/ca-certificates.conf"
"$UPD" --certsconf "$R/etc/ca-certificates.conf" --certsdir "$R/usr/share/ca-certificates" \
	--localcertsdir "$R/usr/local/share/ca-certificates" --etccertsdir "$R/etc/ssl/certs" \
	--hooksdir "$R/etc/ca-certificates/update.d" >/dev/null 2>&1
BUNDLE="$R/etc/ssl/certs/ca-certificates.crt"
[ -s "$BUNDLE" ] && ok "test root with a system bundle" || fail "no bundle in the test root"

succeeds "a CA" pki ca new --key-out ca-key.pem --subject "CN=Test Trust CA,O=Example" -o ca.pem
succeeds "a server certificate from it" sh -c "'$PKI_BIN' csr new --key-out srv-key.pem --dns registry.example.com -o srv.csr && '$PKI_BIN' cert sign --csr srv.csr --ca ca.pem --ca-key ca-key.pem -o srv.pem"
succeeds "a non-CA certificate" pki cert self --key-out leaf-key.pem --dns leaf.example.com -o leaf.pem
FP=$(pki cert show --json ca.pem | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["fingerprint_sha256"].replace(":","").lower()[:8])' 2>/dev/null)
NAME="pki-Test-Trust-CA-$FP.crt"
F="$R/usr/local/share/ca-certificates/$NAME"
in_bundle() { ossl verify -CAfile "$BUNDLE" srv.pem >/dev/null 2>&1; }

# --- install --------------------------------------------------------------------------------
sum_before=$(sum "$BUNDLE")
pki trust install --dry-run --root "$R" ca.pem >dry.txt 2>dry.err </dev/null
same "--dry-run: exit 0" "$?" 0
grep -q "^would write $F (the CA certificate, PEM, mode 0644)" dry.txt && ok "--dry-run: names the file (.crt, in /usr/local/share/ca-certificates)" || fail "dry-run: $(cat dry.txt dry.err)"
grep -q "^would run: $UPD --certsconf $R/etc/ca-certificates.conf .*--localcertsdir $R/usr/local/share/ca-certificates" dry.txt && ok "--dry-run: names update-ca-certificates and its folders" || fail "dry-run run: $(cat dry.txt)"
[ ! -e "$R/usr/local" ] && [ "$(sum "$BUNDLE")" = "$sum_before" ] && ok "--dry-run: changes nothing" || fail "dry-run changed the root"
in_bundle && fail "the CA is trusted before install" || ok "not trusted before install"
pki trust status --root "$R" ca.pem >st0.txt 2>&1 </dev/null
same "status before install: exit 1" "$?" 1

pki trust install --root "$R" ca.pem >inst.txt 2>inst.err </dev/null
same "install: exit 0" "$?" 0
[ -f "$F" ] && ok "install: $NAME written" || fail "install: $(ls -R "$R/usr/local" 2>&1)"
same "install: the file is 0644" "$(mode "$F")" 644
check "install: the file is the CA in PEM" sh -c "grep -q 'BEGIN CERTIFICATE' '$F' && [ \"\$('$PKI_BIN' cert show --json '$F' | sha256sum)\" = \"\$('$PKI_BIN' cert show --json ca.pem | sha256sum)\" ]"
grep -q "^running: $UPD" inst.txt && ok "install: ran update-ca-certificates" || fail "install output: $(cat inst.txt)"
in_bundle && ok "install: openssl verifies a server certificate with the system bundle" || fail "not in the bundle"
check "install: openssl verifies with the hashed folder (-CApath)" ossl verify -CApath "$R/etc/ssl/certs" srv.pem
[ -L "$R/etc/ssl/certs/${NAME%.crt}.pem" ] && ok "install: update-ca-certificates linked it in /etc/ssl/certs" || fail "no link"
check "install: the distribution CA is still there" ossl verify -CAfile "$BUNDLE" "$R/usr/share/ca-certificates/test/dist.crt"
pki trust status --root "$R" ca.pem >st.txt 2>&1 </dev/null
same "status after install: exit 0" "$?" 0
grep -q "system bundle $BUNDLE: holds it" st.txt && grep -q "pki's file $F: present" st.txt && ok "status: in the bundle, and pki's file" || fail "status: $(cat st.txt)"
pki trust install --root "$R" ca.pem >again.txt 2>&1 </dev/null
same "install again: exit 0" "$?" 0
grep -q "already there: $F" again.txt && grep -q "nothing to do" again.txt && ! grep -q running again.txt && ok "install again: idempotent, update-ca-certificates not rerun" || fail "again: $(cat again.txt)"

# --- refusals ---------------------------------------------------------------------------------
exits "a non-CA certificate is refused" 3 "leaf.pem is not a CA certificate \(no basicConstraints CA:TRUE\)" pki trust install --root "$R" leaf.pem
[ -z "$(ls "$R/usr/local/share/ca-certificates" | grep -v "^$NAME$")" ] && ok "non-CA: nothing written" || fail "written: $(ls "$R/usr/local/share/ca-certificates")"
exits "a missing file" 3 "reading the CA certificate nope.pem" pki trust install --root "$R" nope.pem
exits "no CA given" 2 "which CA certificate" pki trust install --root "$R"
exits "--root must be absolute" 2 "give an absolute path" pki trust install --root rel ca.pem
exits "--root must exist" 3 "not a folder" pki trust install --root "$TMP/nope" ca.pem
exits "status has no --dry-run" 2 "changes nothing" pki trust status --dry-run ca.pem
exits "--java with --root: an absolute path" 2 "--java 'ks': with --root, give the keystore's absolute path" pki trust install --root "$R" --java ks ca.pem
exits "--name must be a plain name" 2 "--name '../x'" pki trust install --root "$R" --name ../x ca.pem
exits "--docker needs a host" 2 "--docker 'a/b': expected a host name" pki trust install --root "$R" --docker a/b ca.pem
exits "--docker: a bad port" 2 "port must be a number" pki trust install --root "$R" --docker https://r.example:0/ ca.pem
cp "$R/usr/share/ca-certificates/test/dist.crt" "$R/usr/local/share/ca-certificates/taken.crt"
exits "install over another certificate: refused" 3 "taken.crt exists and holds another certificate .*left alone" pki trust install --root "$R" --name taken ca.pem
same "the other certificate is left as it was" "$(sum "$R/usr/local/share/ca-certificates/taken.crt")" "$(sum "$R/usr/share/ca-certificates/test/dist.crt")"
exits "uninstall of another certificate's file: refused" 3 "taken.crt holds another certificate; left alone" pki trust uninstall --root "$R" --name taken ca.pem
[ -f "$R/usr/local/share/ca-certificates/taken.crt" ] && ok "...and it is still there" || fail "taken.crt removed"
rm -f "$R/usr/local/share/ca-certificates/taken.crt"

# A user without write permission (run as nobody): the message names the folder and the
# permission, and never suggests sudo (absent on a minimal Debian).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
	chmod 755 "$TMP" && cp ca.pem pub-ca.pem && chmod 644 pub-ca.pem &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PKI_BIN" --version >/dev/null 2>&1; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PKI_BIN" trust install --root "$R" --name other pub-ca.pem >nr.out 2>nr.err </dev/null
	same "non-root: exit 3" "$?" 3
	grep -q "needs write permission on $R/etc/ssl/certs, which nobody does not have.*run pki trust as root" nr.err && ok "non-root: names the folder and the permission" || fail "non-root: $(cat nr.err)"
	grep -qi sudo nr.err nr.out && fail "non-root: suggests sudo (there is none here)" || ok "non-root: no sudo hint without sudo"
	grep -q "su -c \"pki trust install --system --root $R --name other pub-ca.pem\"" nr.err && ok "non-root: the command to run as root" || fail "non-root command: $(cat nr.err)"
	mkdir -p fakesudo && printf '#!/bin/sh\nexit 1\n' >fakesudo/sudo && chmod 755 fakesudo fakesudo/sudo
	PATH="$TMP/fakesudo:$PATH" setpriv --reuid=nobody --regid=nogroup --clear-groups "$PKI_BIN" trust install --root "$R" --name other pub-ca.pem >nr.out 2>nr.err </dev/null
	grep -q "run pki trust as root: sudo pki trust install --system --root $R --name other pub-ca.pem," nr.err && ok "non-root, sudo installed: the sudo command (the system store alone)" || fail "non-root sudo: $(cat nr.err)"
	# the user's own NSS database is done all the same (the system store is what needs root)
	if command -v certutil >/dev/null 2>&1; then
		mkdir -p "$R/home/nb/.pki/nssdb" && certutil -N --empty-password -d "sql:$R/home/nb/.pki/nssdb" &&
			chown -R nobody:nogroup "$R/home/nb" && chmod 755 "$R/home" "$R"
		HOME=/home/nb setpriv --reuid=nobody --regid=nogroup --clear-groups "$PKI_BIN" trust install --root "$R" pub-ca.pem >nr.out 2>nr.err </dev/null
		same "non-root, default places: exit 3 (the system store)" "$?" 3
		certutil -L -d "sql:$R/home/nb/.pki/nssdb" | grep -q "C,," && ok "non-root: the user's NSS database has the CA" || fail "non-root nss: $(cat nr.out nr.err)"
	else
		ok "# SKIP certutil not installed"; ok "# SKIP certutil not installed"
	fi
	[ ! -e "$R/usr/local/share/ca-certificates/other.crt" ] && ok "non-root: nothing written" || fail "non-root wrote"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PKI_BIN" trust install --root "$R" --docker r.example:5000 pub-ca.pem >nr.out 2>nr.err </dev/null
	grep -q "writing $R/etc/docker/certs.d/r.example:5000 needs write permission on $R/etc," nr.err && ok "non-root --docker: names the folder" || fail "non-root docker: $(cat nr.err)"
else
	for i in 1 2 3 4 5 6 7 8 9; do ok "# SKIP non-root checks need root and setpriv"; done
fi

# --- Docker and containers certs.d ------------------------------------------------------------
D="$R/etc/docker/certs.d/registry.example.com:5000"
pki trust install --root "$R" --docker registry.example.com:5000 --containers https://registry.example.com:5000/v2/ ca.pem >dk.txt 2>dk.err </dev/null
same "--docker --containers: exit 0" "$?" 0
[ -f "$D/ca.crt" ] && ok "--docker: certs.d/HOST:PORT/ca.crt" || fail "docker: $(cat dk.txt dk.err)"
[ -f "$R/etc/containers/certs.d/registry.example.com:5000/ca.crt" ] && ok "--containers: a URL gives HOST:PORT" || fail "containers: $(cat dk.txt)"
same "certs.d file is 0644" "$(mode "$D/ca.crt")" 644
check "certs.d file is the CA" ossl verify -CAfile "$D/ca.crt" srv.pem
! grep -q running dk.txt && ok "--docker alone leaves the system store alone" || fail "ran update-ca-certificates"
pki trust status --root "$R" --docker registry.example.com:5000 ca.pem >dst.txt 2>&1 </dev/null
same "status --docker: present, exit 0" "$?" 0
pki trust status --root "$R" --docker other.example.com:5000 ca.pem >dst.txt 2>&1 </dev/null
same "status --docker elsewhere: exit 1" "$?" 1
grep -q "Docker $R/etc/docker/certs.d/other.example.com:5000/ca.crt: absent" dst.txt && ok "status --docker: absent" || fail "status: $(cat dst.txt)"
grep -q "to install: pki trust install --docker other.example.com:5000" dst.txt && ok "status --docker: says how" || fail "how: $(cat dst.txt)"
grep -q "or by hand: mkdir -p $R/etc/docker/certs.d/other.example.com:5000 && cp ca.pem $R/etc/docker/certs.d/other.example.com:5000/ca.crt" dst.txt && ok "status --docker: by hand too" || fail "by hand: $(cat dst.txt)"
grep -q "must be named ca.crt: a ca.pem there is ignored" dst.txt && ok "status --docker: ca.crt, not ca.pem" || fail "ca.crt: $(cat dst.txt)"
grep -qi sudo dst.txt && fail "status suggests sudo" || ok "status: no sudo"
pki trust install --root "$R" --docker '[::1]:5000' ca.pem >/dev/null 2>&1 </dev/null
[ -f "$R/etc/docker/certs.d/[::1]:5000/ca.crt" ] && ok "--docker [::1]:5000" || fail "IPv6: $(ls "$R/etc/docker/certs.d")"
pki trust install --root "$R" --docker registry.example.com:443 --containers https://registry.example.com:443/ ca.pem >443.txt 2>443.err </dev/null
[ -f "$R/etc/docker/certs.d/registry.example.com/ca.crt" ] && [ -f "$R/etc/containers/certs.d/registry.example.com/ca.crt" ] &&
	[ ! -e "$R/etc/docker/certs.d/registry.example.com:443" ] && ok "--docker HOST:443: certs.d/HOST (image names leave out 443)" || fail "443: $(ls "$R/etc/docker/certs.d")"
grep -q "note: --docker 'registry.example.com:443': the folder is certs.d/registry.example.com" 443.err && ok "--docker HOST:443: says so" || fail "443 note: $(cat 443.err)"
pki trust uninstall --root "$R" --docker registry.example.com --containers registry.example.com ca.pem >/dev/null 2>&1 </dev/null
echo keep >"$R/etc/docker/certs.d/[::1]:5000/client.cert"
pki trust uninstall --root "$R" --docker registry.example.com:5000 --docker '[::1]:5000' ca.pem >du.txt 2>&1 </dev/null
same "uninstall --docker: exit 0" "$?" 0
[ ! -e "$D" ] && ok "uninstall --docker: ca.crt and its empty folder removed" || fail "left: $(ls -la "$D" 2>&1)"
[ -f "$R/etc/docker/certs.d/[::1]:5000/client.cert" ] && [ ! -e "$R/etc/docker/certs.d/[::1]:5000/ca.crt" ] && ok "uninstall --docker: a folder with other files stays" || fail "IPv6 folder: $(ls -la "$R/etc/docker/certs.d")"
[ -f "$R/etc/containers/certs.d/registry.example.com:5000/ca.crt" ] && ok "uninstall --docker leaves --containers" || fail "containers removed"
in_bundle && ok "uninstall --docker leaves the system store" || fail "system store touched"

# --- uninstall ------------------------------------------------------------------------------
pki trust uninstall --dry-run --root "$R" ca.pem >udry.txt 2>&1 </dev/null
grep -q "^would remove $F" udry.txt && grep -q "^would run: $UPD --fresh" udry.txt && [ -f "$F" ] && ok "uninstall --dry-run: says, does nothing" || fail "udry: $(cat udry.txt)"
pki trust uninstall --root "$R" ca.pem >un.txt 2>un.err </dev/null
same "uninstall: exit 0" "$?" 0
[ ! -e "$F" ] && ok "uninstall: the file is gone" || fail "still there"
in_bundle && fail "uninstall: still in the bundle" || ok "uninstall: not in the bundle any more"
ossl verify -CApath "$R/etc/ssl/certs" srv.pem >/dev/null 2>&1 && fail "uninstall: still in -CApath" || ok "uninstall: not in the hashed folder"
[ -z "$(find "$R/etc/ssl/certs" -lname "*$NAME*")" ] && [ -z "$(find -L "$R/etc/ssl/certs" -type l)" ] && ok "uninstall: no link left (no dangling one either)" || fail "links: $(ls -la "$R/etc/ssl/certs")"
check "uninstall: the distribution CA stays" ossl verify -CAfile "$BUNDLE" "$R/usr/share/ca-certificates/test/dist.crt"
pki trust uninstall --root "$R" ca.pem >un2.txt 2>&1 </dev/null
same "uninstall again: exit 0" "$?" 0
grep -q "not there: $F" un2.txt && ok "uninstall again: nothing to remove" || fail "un2: $(cat un2.txt)"
pki trust status --root "$R" ca.pem >st2.txt 2>&1 </dev/null
same "status after uninstall: exit 1" "$?" 1
grep -q "does not hold it" st2.txt && grep -q "to install: pki trust install --root $R ca.pem" st2.txt && ok "status: says it is missing and how to install it" || fail "st2: $(cat st2.txt)"
pki trust install --root "$R" --name my-ca.crt ca.pem >/dev/null 2>&1 </dev/null
[ -f "$R/usr/local/share/ca-certificates/my-ca.crt" ] && in_bundle && ok "--name my-ca.crt: my-ca.crt, trusted" || fail "--name: $(ls "$R/usr/local/share/ca-certificates")"
pki trust uninstall --root "$R" --name my-ca ca.pem >/dev/null 2>&1 </dev/null
[ ! -e "$R/usr/local/share/ca-certificates/my-ca.crt" ] && ! in_bundle && ok "--name my-ca: uninstalled" || fail "--name uninstall"

# --- NSS databases (Chromium's ~/.pki/nssdb, a Firefox profile) through certutil ------------
NICK=${NAME%.crt}
if command -v certutil >/dev/null 2>&1; then
	OHOME=$HOME; HOME=/home/u; export HOME
	N1="$R/home/u/.pki/nssdb" N2="$R/home/u/.mozilla/firefox/abc.default-release"
	N3="$R/home/u/snap/firefox/common/.mozilla/firefox/snap.default"
	mkdir -p "$N1" "$N2" "$N3" "$R/home/u/.mozilla/firefox/no-db.default"
	certutil -N --empty-password -d "sql:$N1" && certutil -N --empty-password -d "sql:$N2" &&
		certutil -N --empty-password -d "sql:$N3" &&
		certutil -A -d "sql:$N1" -n other -t C,, -i "$R/usr/share/ca-certificates/test/dist.crt"
	pki trust install --dry-run --root "$R" --nss ca.pem >ndry.txt 2>&1 </dev/null
	grep -q "^would run: .*certutil -A -d sql:$N1 -n $NICK -t C,, (the CA on its standard input)" ndry.txt &&
		grep -q "^would run: .*certutil -A -d sql:$N2 -n $NICK -t C,," ndry.txt &&
		grep -q "^would run: .*certutil -A -d sql:$N3 -n $NICK -t C,," ndry.txt && [ "$(grep -c certutil ndry.txt)" = 3 ] &&
		ok "--nss --dry-run: certutil -A for each database (Chromium, Firefox, Firefox's snap; a profile without cert9.db is not one)" || fail "nss dry: $(cat ndry.txt)"
	certutil -L -d "sql:$N1" | grep -q "^$NICK " && fail "--nss --dry-run added it" || ok "--nss --dry-run: nothing added"
	pki trust install --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	same "--nss: exit 0" "$?" 0
	certutil -L -d "sql:$N1" | grep -q "^$NICK  *C,, *$" && certutil -L -d "sql:$N2" | grep -q "^$NICK  *C,, *$" &&
		certutil -L -d "sql:$N3" | grep -q "^$NICK  *C,, *$" &&
		ok "--nss: certutil -L lists it in each, trust C,," || fail "nss: $(cat n.txt; certutil -L -d "sql:$N1")"
	certutil -L -d "sql:$N2" -n "$NICK" -a >n2.pem 2>/dev/null
	same "--nss: the certificate in the database is the CA (openssl's fingerprint)" "$(ossl x509 -in n2.pem -noout -fingerprint -sha256)" "$(ossl x509 -in ca.pem -noout -fingerprint -sha256)"
	! grep -q update-ca n.txt && ok "--nss alone leaves the system store alone" || fail "nss ran: $(cat n.txt)"
	pki trust install --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	[ "$(grep -c "^already there: NSS database" n.txt)" = 3 ] && grep -q "nothing to do" n.txt && ! grep -q running n.txt &&
		ok "--nss again: idempotent" || fail "nss again: $(cat n.txt)"
	pki trust status --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	same "status --nss: exit 0" "$?" 0
	grep -q "NSS database $N1: holds it" n.txt && ok "status --nss: says where" || fail "nss status: $(cat n.txt)"
	pki trust uninstall --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	same "uninstall --nss: exit 0" "$?" 0
	! certutil -L -d "sql:$N1" | grep -q "^$NICK " && ! certutil -L -d "sql:$N2" | grep -q "^$NICK " &&
		! certutil -L -d "sql:$N3" | grep -q "^$NICK " && ok "uninstall --nss: gone from each" || fail "nss uninstall: $(cat n.txt)"
	certutil -L -d "sql:$N1" | grep -q "^other " && ok "uninstall --nss: another CA stays" || fail "other removed"
	pki trust status --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	same "status --nss after uninstall: exit 1" "$?" 1
	mkdir -p nocu && ln -s /usr/bin/* nocu/ 2>/dev/null; rm -f nocu/certutil
	PATH="$TMP/nocu" pki trust install --root "$R" --nss ca.pem >n.txt 2>&1 </dev/null
	same "--nss without certutil: exit 0" "$?" 0
	grep -q "NSS databases: skipped, certutil is not installed (Debian: libnss3-tools)" n.txt && ok "--nss without certutil: skipped, says so" || fail "no certutil: $(cat n.txt)"
	HOME=$OHOME
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do ok "# SKIP certutil (Debian's libnss3-tools) not installed"; done
fi

# --- Java: --java KEYSTORE through keytool (a JVM start each: few runs), read back by openssl -
ALIAS=$(echo "$NICK" | tr A-Z a-z)
if command -v keytool >/dev/null 2>&1; then
	mkdir -p "$R/opt/jdk/lib/security"
	KS="$R/opt/jdk/lib/security/cacerts"
	pki trust install --root "$R" --java /opt/jdk/lib/security/cacerts ca.pem >j.txt 2>&1 </dev/null
	same "--java: exit 0" "$?" 0
	grep -q "^running: .*keytool -importcert -noprompt -alias $ALIAS -file ca.pem -keystore $KS -storepass changeit" j.txt && ok "--java: says the keytool command" || fail "java: $(cat j.txt)"
	ossl pkcs12 -in "$KS" -nokeys -passin pass:changeit >ks.pem 2>/dev/null
	same "--java: openssl reads the CA from the keystore" "$(ossl x509 -in ks.pem -noout -fingerprint -sha256)" "$(ossl x509 -in ca.pem -noout -fingerprint -sha256)"
	grep -q "friendlyName: $ALIAS" ks.pem && ok "--java: alias $ALIAS" || fail "alias: $(head -3 ks.pem)"
	pki trust install --root "$R" --java /opt/jdk/lib/security/cacerts ca.pem >j.txt 2>&1 </dev/null
	grep -q "^already there: Java keystore $KS (alias $ALIAS)" j.txt && ! grep -q running j.txt && ok "--java again: idempotent" || fail "java again: $(cat j.txt)"
	pki trust uninstall --root "$R" --java /opt/jdk/lib/security/cacerts ca.pem >j.txt 2>&1 </dev/null
	same "uninstall --java: exit 0" "$?" 0
	ossl pkcs12 -in "$KS" -nokeys -passin pass:changeit 2>/dev/null | grep -q "BEGIN CERTIFICATE" && fail "uninstall --java: still in the keystore" || ok "uninstall --java: gone (openssl)"
	# A keystore with its own password: given by file or environment, never on a command line.
	KS2="$R/opt/jdk2/cacerts"
	mkdir -p "$R/opt/jdk2"
	printf 's3cret-store\n' >ks.pw
	pki trust install --root "$R" --java /opt/jdk2/cacerts --java-pass-file ks.pw ca.pem >j.txt 2>&1 </dev/null
	same "--java-pass-file: exit 0" "$?" 0
	grep -q "^running: .*keytool -importcert .* -keystore $KS2 -storepass:file ks.pw" j.txt && ! grep -q "s3cret-store" j.txt && ok "--java-pass-file: keytool reads the file; the password is not shown" || fail "java pass: $(cat j.txt)"
	ossl pkcs12 -in "$KS2" -nokeys -passin pass:s3cret-store 2>/dev/null | grep -q "BEGIN CERTIFICATE" && ok "--java-pass-file: openssl reads the CA with that password" || fail "java pass: not in $KS2"
	pki trust install --root "$R" --java /opt/jdk2/cacerts ca.pem >j.txt 2>&1 </dev/null
	same "--java without the password of such a keystore: exit 3" "$?" 3
	grep -q "password is not 'changeit' (give it with --java-pass-file or --java-pass-env); left alone" j.txt && ! grep -q running j.txt && ok "... and says how to give it" || fail "java wrong pass: $(cat j.txt)"
	JPW=s3cret-store pki trust uninstall --root "$R" --java /opt/jdk2/cacerts --java-pass-env JPW ca.pem >j.txt 2>&1 </dev/null
	same "--java-pass-env: uninstall exit 0" "$?" 0
	ossl pkcs12 -in "$KS2" -nokeys -passin pass:s3cret-store 2>/dev/null | grep -q "BEGIN CERTIFICATE" && fail "--java-pass-env: still there" || ok "--java-pass-env: removed (openssl)"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do ok "# SKIP keytool (a JDK) not installed"; done
fi
exits "--java-pass-env: an unset variable" 2 "the variable is not set" pki trust install --root "$R" --java /opt/jdk2/cacerts --java-pass-env PKI_NO_SUCH_VARIABLE ca.pem
exits "--java-pass-file and --java-pass-env together" 2 "give the keystore password once" pki trust install --root "$R" --java /opt/jdk2/cacerts --java-pass-file ks.pw --java-pass-env HOME ca.pem
: >"$R/etc/ca-certificates/update.d/jks-keystore" # not executable: update-ca-certificates skips it
pki trust install --dry-run --root "$R" --system ca.pem >j.txt 2>&1 </dev/null
grep -q "^Java: $R/etc/ssl/certs/java/cacerts follows the system store (ca-certificates-java's hook" j.txt && ok "Debian: Java's cacerts follows the system store, said" || fail "java note: $(cat j.txt)"
rm -f "$R/etc/ca-certificates/update.d/jks-keystore"

# --- Fedora/RHEL: /etc/pki/ca-trust/source/anchors; update-ca-trust is not run for --root ---
FR="$TMP/fedora" A="$TMP/fedora/etc/pki/ca-trust/source/anchors"
mkdir -p "$A" fakebin && printf '#!/bin/sh\necho "$@" >>"%s/uct.log"\n' "$TMP" >fakebin/update-ca-trust && chmod 755 fakebin/update-ca-trust
PATH="$TMP/fakebin:$PATH" pki trust install --dry-run --root "$FR" --system ca.pem >f.txt 2>&1 </dev/null
grep -q "^would write $A/$NAME" f.txt && grep -q "^then to run: update-ca-trust extract, inside $FR (chroot $FR update-ca-trust extract)" f.txt && [ ! -e "$A/$NAME" ] &&
	ok "Fedora --dry-run: the anchor file, and update-ca-trust to run inside the root" || fail "fedora dry: $(cat f.txt)"
PATH="$TMP/fakebin:$PATH" pki trust install --root "$FR" --system ca.pem >f.txt 2>&1 </dev/null
same "Fedora: exit 0" "$?" 0
same "Fedora: the anchor is 0644" "$(mode "$A/$NAME")" 644
check "Fedora: the anchor is the CA" ossl verify -CAfile "$A/$NAME" srv.pem
[ ! -e uct.log ] && ok "Fedora --root: this system's update-ca-trust is not run" || fail "ran: $(cat uct.log)"
PATH="$TMP/fakebin:$PATH" pki trust status --root "$FR" --system ca.pem >f.txt 2>&1 </dev/null
grep -q "pki's file $A/$NAME: present" f.txt && ok "Fedora status: the anchor file" || fail "fedora status: $(cat f.txt)"
PATH="$TMP/fakebin:$PATH" pki trust uninstall --root "$FR" --system ca.pem >f.txt 2>&1 </dev/null
[ ! -e "$A/$NAME" ] && [ -d "$A" ] && ok "Fedora uninstall: the anchor removed, the folder kept" || fail "fedora uninstall: $(cat f.txt)"

# --- the real system store, only when asked -------------------------------------------------
if [ "${PKI_TEST_SYSTEM_TRUST:-0}" = 1 ] && [ "$(id -u)" = 0 ]; then
	before=$(sum /etc/ssl/certs/ca-certificates.crt)
	succeeds_out() { "$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null; }
	succeeds_out pki trust install ca.pem
	same "system: install exit 0" "$?" 0
	check "system: openssl trusts it (default store)" ossl verify srv.pem
	succeeds_out pki trust uninstall ca.pem
	same "system: uninstall exit 0" "$?" 0
	same "system: the bundle is as it was" "$(sum /etc/ssl/certs/ca-certificates.crt)" "$before"
else
	for i in 1 2 3 4; do ok "# SKIP the real system store (PKI_TEST_SYSTEM_TRUST=1, as root)"; done
fi
done_testing
