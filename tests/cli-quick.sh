#!/bin/sh
# pki quick: a local CA made once and reused, certificates for names, checked by openssl and
# certtool; where the CA lives; failure cases.
. "${top_srcdir}/tests/cli-lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "1..0 # SKIP $PYTHON (JSON checks) not found"; exit 0; }
cd "$TMP" || exit 99
mkdir home work
HOME=$TMP/home
export HOME
unset XDG_DATA_HOME PKI_CA_DIR
cd work || exit 99
jq_() { "$PYTHON" -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(json.dumps(v,separators=(",",":")) if not isinstance(v,str) else v)' "$1"; }
ctverify() { certtool_q --verify --load-ca-certificate "$1" --infile "$2"; }
CA=$HOME/.local/share/libpki/ca

succeeds "pki quick localhost 127.0.0.1 ::1" pki quick localhost 127.0.0.1 ::1
cp "$TMP/.out" first.txt
[ -f localhost.pem ] && [ -f localhost-key.pem ] && ok "writes ./localhost.pem and ./localhost-key.pem" || fail "files: $(ls)"
same "key is 0600" "$(mode localhost-key.pem)" 600
same "CA in ~/.local/share/libpki/ca, folder 0700" "$(mode "$CA")" 700
same "CA key 0600" "$(mode "$CA/ca-key.pem")" 600
grep -q "Created a new local CA in $CA/" first.txt && ok "says the CA was created, and where" || fail "created: $(cat first.txt)"
grep -q '"./localhost.pem"' first.txt && grep -q '"./localhost-key.pem"' first.txt && ok "says where the files are" || fail "files named"
grep -q "/etc/docker/certs.d/localhost:PORT/ca.crt" first.txt && ok "Docker trust hint" || fail "Docker hint"
grep -q "curl --cacert $CA/ca.pem https://localhost/" first.txt && ok "curl hint" || fail "curl hint"
grep -q "update-ca-certificates" first.txt && ok "system trust hint" || fail "system hint"
grep -q "pki trust install $CA/ca.pem" first.txt && grep -q "pki trust install --docker localhost:PORT $CA/ca.pem" first.txt && ok "trust hints name pki trust install" || fail "pki trust hint: $(cat first.txt)"
grep -q sudo first.txt && fail "a sudo hint (absent on a minimal Debian)" || ok "no sudo in the hints"
check "openssl verify" ossl verify -CAfile "$CA/ca.pem" localhost.pem
check "certtool --verify" ctverify "$CA/ca.pem" localhost.pem
check "openssl: localhost" ossl x509 -in localhost.pem -noout -checkhost localhost
check "openssl: 127.0.0.1" ossl x509 -in localhost.pem -noout -checkip 127.0.0.1
check "openssl: ::1" ossl x509 -in localhost.pem -noout -checkip ::1
pki cert show --json localhost.pem >j
same "names classified" "$(jq_ dns_names <j) $(jq_ ip_addresses <j)" '["localhost"] ["127.0.0.1","::1"]'
same "subject CN = first name" "$(jq_ subject <j)" CN=localhost
same "server certificate" "$(jq_ extended_key_usage <j)" '["serverAuth"]'
same "key matches" "$(ossl x509 -in localhost.pem -noout -pubkey)" "$(pki key pub localhost-key.pem)"
same "default key: P-256" "$(pki key show --json localhost-key.pem)" '{"type":"ec","bits":256,"curve":"P-256"}'
pki cert show --json "$CA/ca.pem" >caj
same "quick CA: CA with pathLen 0" "$(jq_ is_ca <caj) $(jq_ path_len <caj)" "true 0"
ca_before=$(sum "$CA/ca.pem")

# Reuse.
succeeds "second run reuses the CA" pki quick '*.example.com' registry.example.com
grep -q "Using the local CA in $CA/" "$TMP/.out" && ok "says it reuses the CA" || fail "reuse: $(out)"
same "CA unchanged" "$(sum "$CA/ca.pem")" "$ca_before"
[ -f _wildcard.example.com.pem ] && [ -f _wildcard.example.com-key.pem ] && ok "'*' becomes _wildcard in file names" || fail "wildcard files: $(ls)"
grep -q "certs.d/registry.example.com:PORT" "$TMP/.out" && ok "Docker hint names a real host" || fail "hint host: $(out)"
check "wildcard certificate verifies" ossl verify -CAfile "$CA/ca.pem" _wildcard.example.com.pem
check "openssl: the wildcard matches" ossl x509 -in _wildcard.example.com.pem -noout -checkhost a.example.com
succeeds "IPv6 first name" pki quick ::1
[ -f __1.pem ] && ok "':' becomes '_' in file names" || fail "IPv6 files: $(ls)"
grep -q 'https://\[::1\]/' "$TMP/.out" && ok "IPv6 host in brackets in the hint" || fail "IPv6 hint: $(out)"

# Client certificates, options.
succeeds "--client" pki quick --client alice@example.com
[ -f alice@example.com-client.pem ] && [ -f alice@example.com-client-key.pem ] && ok "client file names" || fail "client files: $(ls)"
same "client certificate" "$(pki cert show --json alice@example.com-client.pem | jq_ extended_key_usage)" '["clientAuth"]'
same "e-mail name" "$(pki cert show --json alice@example.com-client.pem | jq_ emails)" '["alice@example.com"]'
check "client certificate verifies" ossl verify -CAfile "$CA/ca.pem" -purpose sslclient alice@example.com-client.pem
# (an Ed25519 server key gets a warning on stderr naming the clients that reject it)
pki quick --cert-file c.crt --key-file c.key --days 30 --type ed25519 svc.internal >"$TMP/.out" 2>"$TMP/.err" </dev/null
same "--cert-file --key-file --days --type" "$?" 0
same "--days 30" "$(pki cert show --json c.crt | "$PYTHON" -c '
import json,sys,datetime as d
j=json.load(sys.stdin); f=lambda s: d.datetime.strptime(s,"%Y-%m-%dT%H:%M:%SZ")
print((f(j["not_after"])-f(j["not_before"])).days)')" 30
same "--type ed25519" "$(pki key show --json c.key)" '{"type":"ed25519","bits":255,"curve":"Ed25519"}'
same "--key-file is 0600" "$(mode c.key)" 600
pki quick --days 800 long.example >/dev/null 2>long.err </dev/null
same "--days 800: issued" "$?" 0
grep -q '^pki: warning: .*800 days.*825' long.err && ok "--days 800: warning" || fail "--days 800 warning: $(cat long.err)"

# Where the CA lives: --ca-dir > PKI_CA_DIR > XDG_DATA_HOME > ~/.local/share.
XDG_DATA_HOME=$TMP/xdg pki quick x1.example >/dev/null 2>&1 </dev/null
[ -f "$TMP/xdg/libpki/ca/ca.pem" ] && ok "XDG_DATA_HOME/libpki/ca" || fail "XDG_DATA_HOME"
XDG_DATA_HOME=$TMP/xdg PKI_CA_DIR=$TMP/env-ca pki quick x2.example >/dev/null 2>&1 </dev/null
[ -f "$TMP/env-ca/ca.pem" ] && ok "PKI_CA_DIR wins over XDG_DATA_HOME" || fail "PKI_CA_DIR"
PKI_CA_DIR=$TMP/env-ca pki quick --ca-dir "$TMP/opt-ca" x3.example >/dev/null 2>&1 </dev/null
[ -f "$TMP/opt-ca/ca.pem" ] && ok "--ca-dir wins over PKI_CA_DIR" || fail "--ca-dir"
check "issued by the --ca-dir CA" ossl verify -CAfile "$TMP/opt-ca/ca.pem" x3.example.pem
check_fails "not by the default CA" ossl verify -CAfile "$CA/ca.pem" x3.example.pem
XDG_DATA_HOME=relative/path pki quick x4.example >/dev/null 2>&1 </dev/null
[ ! -e relative ] && check "a relative XDG_DATA_HOME is ignored" ossl verify -CAfile "$CA/ca.pem" x4.example.pem

# Name constraints when the CA is created, ignored (with a warning) afterwards.
succeeds "--permit-dns on CA creation" pki quick --ca-dir "$TMP/nc" --permit-dns internal --permit-ip 10.0.0.0/8 reg.internal 10.0.0.5
ossl x509 -in "$TMP/nc/ca.pem" -noout -text >nc.txt
grep -q 'DNS:internal' nc.txt && grep -q 'IP:10.0.0.0/255.0.0.0' nc.txt && ok "the CA has the constraints" || fail "constraints: $(grep -A5 'Name Constraints' nc.txt)"
check "inside the constraints: openssl accepts" ossl verify -CAfile "$TMP/nc/ca.pem" reg.internal.pem
check "inside the constraints: certtool accepts" ctverify "$TMP/nc/ca.pem" reg.internal.pem
pki quick --ca-dir "$TMP/nc" --permit-dns other x.internal >/dev/null 2>nc.err </dev/null
same "existing CA with --permit-dns: still issued" "$?" 0
grep -q '^pki: warning: .*name constraints apply only when it is created' nc.err && ok "warning: constraints ignored" || fail "warning: $(cat nc.err)"
if pki quick --ca-dir "$TMP/nc" www.example.com >/dev/null 2>&1 </dev/null; then
	check_fails "outside the constraints: openssl refuses" ossl verify -CAfile "$TMP/nc/ca.pem" www.example.com.pem
else
	ok "outside the constraints: refused at issuance"
fi

# Failures.
exits "no names" 2 "quick: which names" pki quick
exits "unknown option" 2 "quick: unknown option --frob" pki quick --frob x
exits "bad name" 3 "'bad name': invalid name" pki quick 'bad name'
exits "--days 0" 2 "--days must be a number from 1" pki quick --days 0 x
exits "unknown key type" 2 "unknown key type" pki quick --type dsa x
exits "same file for both" 2 "different files" pki quick --cert-file same.pem --key-file same.pem x
before=$(sum localhost.pem)
exits "existing files are not overwritten" 3 "writing ./localhost.pem: .*exists.*--force" pki quick --ca-dir "$TMP/never" localhost
same "the old certificate is intact" "$(sum localhost.pem)" "$before"
[ ! -e "$TMP/never" ] && ok "no CA made when the outputs exist" || fail "CA made anyway"
succeeds "--force replaces them" pki quick --force localhost
[ "$(sum localhost.pem)" != "$before" ] && ok "replaced" || fail "replaced"
mkdir -p "$TMP/half"
cp "$CA/ca.pem" "$TMP/half/ca.pem"
exits "CA without its key" 3 "has ca.pem but not ca-key.pem" pki quick --ca-dir "$TMP/half" y.example
cp "$TMP/nc/ca-key.pem" "$TMP/half/ca-key.pem"
exits "CA with another CA's key" 3 "key does not match" pki quick --ca-dir "$TMP/half" y.example
: >"$TMP/afile"
exits "--ca-dir is a file" 3 "afile" pki quick --ca-dir "$TMP/afile" z.example
# --- no traps: HOST:PORT, URLs, server certificates without a host name, EdDSA keys -----------
pki quick registry.example.com:5000 >port.txt 2>port.err </dev/null
same "HOST:PORT: exit 0" "$?" 0
[ -f registry.example.com.pem ] && ok "HOST:PORT: files named for the host" || fail "files: $(ls)"
pki cert show --json registry.example.com.pem >j
same "HOST:PORT: the port is not in the certificate" "$(jq_ dns_names <j)" '["registry.example.com"]'
grep -q "using the host registry.example.com of 'registry.example.com:5000'" port.err && ok "HOST:PORT: says so" || fail "note: $(cat port.err)"
grep -q "/etc/docker/certs.d/registry.example.com:5000/ca.crt" port.txt && ok "HOST:PORT: certs.d hint with the port" || fail "hint: $(cat port.txt)"
grep -q "pki trust install --docker registry.example.com:5000 " port.txt && ok "HOST:PORT: pki trust install --docker HOST:PORT" || fail "trust hint: $(cat port.txt)"
grep -q "must be named ca.crt" port.txt && ok "certs.d hint: ca.crt, not ca.pem" || fail "ca.crt hint"
pki quick '[::1]:8443' >/dev/null 2>&1 </dev/null
pki cert show --json __1.pem >j 2>/dev/null
same "[IPv6]:PORT gives the address" "$(jq_ ip_addresses <j)" '["::1"]'
pki quick https://www.example.com:8443/v2/ >/dev/null 2>&1 </dev/null
pki cert show --json www.example.com.pem >j 2>/dev/null
same "https URL gives its host" "$(jq_ dns_names <j) $(jq_ uris <j)" '["www.example.com"] []'
exits "URL with a user name: a clear error" 2 "a URL with a user name" pki quick https://user@www.example.com/
exits "bad port: a clear error" 2 "port must be a number" pki quick https://www.example.com:99999/
exits "a server certificate with no host name is refused" 3 "needs a DNS name or IP address.*--dns NAME.*--allow-no-san" pki quick spiffe://example.org/service
[ ! -e spiffe___example.org_service.pem ] && ok "nothing written" || fail "written anyway"
pki quick --allow-no-san spiffe://example.org/service >/dev/null 2>&1 </dev/null
same "--allow-no-san issues it" "$?" 0
pki quick --type ed448 ed448.example >/dev/null 2>ed.err </dev/null
grep -q "Ed448 server key: Go programs (Docker" ed.err && ok "Ed448 server key: a warning naming the clients" || fail "Ed448: $(cat ed.err)"
pki quick --type ed25519 ed25519.example >/dev/null 2>ed.err </dev/null
grep -q "Ed25519 server key: web browsers" ed.err && ok "Ed25519 server key: a warning" || fail "Ed25519: $(cat ed.err)"
pki quick --client --type ed25519 --cert-file ed-cl.pem --key-file ed-cl-key.pem alice@example.com >/dev/null 2>ed.err </dev/null
[ ! -s ed.err ] && ok "no EdDSA warning for a client certificate" || fail "client: $(cat ed.err)"

# --- every certificate made above lints clean (pki lint, RFC 5280 profile) ---------------------
lints_clean_all
done_testing
