#!/bin/sh
# The private registry end to end (issue 14 item 6): Debian's docker-registry serves TLS with
# pki certificates (P-256, RSA and Ed25519 CAs and server keys), skopeo pushes a small OCI
# image built here (no network) through the certs.d folders that `pki trust install --docker
# --containers --root` wrote, pulls it back, and the digests match. A certificate for another
# name and a missing CA are refused. Every registry started here is stopped by its PID.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
REGISTRY=$(command -v docker-registry)
SKOPEO=$(command -v skopeo)
[ -n "$REGISTRY" ] && [ -n "$SKOPEO" ] ||
	{ echo "1..0 # SKIP docker-registry and skopeo (Debian packages of those names) not found"; exit 0; }
command -v curl >/dev/null 2>&1 || { echo "1..0 # SKIP curl not found"; exit 0; }

REG_PID=
stop_registry() {
	if [ -n "$REG_PID" ]; then
		kill "$REG_PID" 2>/dev/null
		wait "$REG_PID" 2>/dev/null
		REG_PID=
	fi
}
trap 'stop_registry; rm -rf "$TMP"' EXIT
trap 'exit 99' INT TERM HUP

# A port nobody listens on (the kernel picks it; the registry is started right after).
free_port() {
	"$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_registry NAME CERT KEY: serve on 127.0.0.1:$PORT with its own storage; waits until
# the TLS listener answers (at most 5 s). Sets PORT and REG_PID. A port taken between
# free_port and the registry's bind (by another test) is retried with another one.
start_registry() {
	for _try in 1 2 3; do
		try_registry "$@" && return 0
		grep -q "address already in use" "$TMP/$1.log" || break
	done
	sed 's/^/# registry: /' "$TMP/$1.log"
	return 1
}
try_registry() {
	stop_registry
	PORT=$(free_port)
	mkdir -p "$TMP/$1-store"
	cat >"$TMP/$1.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $TMP/$1-store
http:
  addr: 127.0.0.1:$PORT
  secret: e2e-test-secret
  tls:
    certificate: $2
    key: $3
EOF
	"$REGISTRY" serve "$TMP/$1.yml" >"$TMP/$1.log" 2>&1 </dev/null &
	REG_PID=$!
	_i=0
	while [ $_i -lt 100 ]; do
		kill -0 "$REG_PID" 2>/dev/null || break
		# a registry (its API header) and ours (still running): not another test's server
		curl -sk -D - -o /dev/null "https://127.0.0.1:$PORT/v2/" 2>/dev/null |
			grep -qi '^docker-distribution-api-version: registry/2' &&
			kill -0 "$REG_PID" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	stop_registry
	return 1
}

# The image: an OCI layout written here, one gzip tar layer (skopeo would compress an
# uncompressed one, changing the digests), its config, the manifest and index.json, each
# named by its sha256 digest.
blob() { # FILE: move FILE to blobs/sha256/DIGEST, print the digest
	_d=$(sha256sum <"$1" | cut -d' ' -f1)
	mv "$1" "img/blobs/sha256/$_d"
	echo "$_d"
}
mkdir -p img/blobs/sha256 rootfs/etc
echo "hello from the pki end-to-end test" >rootfs/etc/motd
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C rootfs -cf layer.tar etc
DIFF_ID=$(sha256sum <layer.tar | cut -d' ' -f1)
gzip -n9 layer.tar
LAYER=$(blob layer.tar.gz)
LAYER_SIZE=$(stat -c %s "img/blobs/sha256/$LAYER")
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
	"$DIFF_ID" >config.json
CONFIG=$(blob config.json)
CONFIG_SIZE=$(stat -c %s "img/blobs/sha256/$CONFIG")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
	"$CONFIG" "$CONFIG_SIZE" "$LAYER" "$LAYER_SIZE" >manifest.json
MANIFEST_SIZE=$(stat -c %s manifest.json)
MANIFEST=$(blob manifest.json)
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' \
	"$MANIFEST" "$MANIFEST_SIZE" >img/index.json
echo '{"imageLayoutVersion":"1.0.0"}' >img/oci-layout
ok "an OCI image (layer $LAYER_SIZE bytes, manifest sha256:$(echo "$MANIFEST" | cut -c1-12)...)"

# skopeo: a policy that accepts anything (no signatures here), a HOME of its own whose
# ~/.config/containers/certs.d is the containers certs.d of the test root, so skopeo finds
# the CA by the folder name alone, as it would in /etc/containers/certs.d.
R="$TMP/root"
mkdir -p "$R/etc" home/.config/containers
echo '{"default":[{"type":"insecureAcceptAnything"}]}' >policy.json
ln -s "$R/etc/containers/certs.d" home/.config/containers/certs.d
skopeo() {
	HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_RUNTIME_DIR="$TMP/home" \
		timeout 60 "$SKOPEO" --policy "$TMP/policy.json" "$@" </dev/null
}

for t in ec rsa ed25519; do
	case $t in
	ec) opts="--type ec" ;;
	rsa) opts="--type rsa --bits 2048" ;;
	ed25519) opts="--type ed25519" ;;
	esac
	mkdir -p "ca-$t"
	# shellcheck disable=SC2086
	succeeds "$t: a CA" pki ca new $opts --subject "CN=E2E $t Registry CA" --key-out "ca-$t/ca-key.pem" -o "ca-$t/ca.pem"
	# shellcheck disable=SC2086
	pki quick $opts --ca-dir "ca-$t" --cert-file "srv-$t.pem" --key-file "srv-$t-key.pem" 127.0.0.1 localhost \
		>"quick-$t.out" 2>"quick-$t.err" </dev/null
	same "$t: pki quick 127.0.0.1 localhost" "$?" 0
	check "$t: the server certificate lints clean" pki lint "srv-$t.pem"
	if ! start_registry "$t" "$TMP/srv-$t.pem" "$TMP/srv-$t-key.pem"; then
		fail "$t: docker-registry did not start"
		continue
	fi
	ok "$t: docker-registry serves TLS on 127.0.0.1:$PORT"
	HP="127.0.0.1:$PORT"

	# No CA installed yet: refused, nothing pushed.
	skopeo copy "oci:$TMP/img:1" "docker://$HP/test:1" >"noca-$t.out" 2>"noca-$t.err"
	rc=$?
	[ $rc -ne 0 ] && grep -q "x509: certificate signed by unknown authority" "noca-$t.err" &&
		ok "$t: without the CA skopeo refuses the registry (unknown authority)" ||
		{ fail "$t: push without the CA (exit $rc)"; sed 's/^/# /' "noca-$t.err"; }

	pki trust install --root "$R" --docker "$HP" --containers "$HP" "ca-$t/ca.pem" >"trust-$t.out" 2>&1 </dev/null
	same "$t: pki trust install --docker $HP --containers $HP --root" "$?" 0
	[ -f "$R/etc/docker/certs.d/$HP/ca.crt" ] && [ -f "$R/etc/containers/certs.d/$HP/ca.crt" ] &&
		ok "$t: certs.d/$HP/ca.crt written for Docker and containers" ||
		{ fail "$t: certs.d folders"; sed 's/^/# /' "trust-$t.out"; }

	# Push: skopeo finds ~/.config/containers/certs.d/HOST:PORT/ca.crt by itself.
	skopeo copy "oci:$TMP/img:1" "docker://$HP/test:1" >"push-$t.out" 2>&1
	rc=$?
	same "$t: skopeo copy oci: -> docker://$HP/test:1 (containers certs.d)" "$rc" 0
	[ $rc -eq 0 ] || sed 's/^/# /' "push-$t.out"
	got=$(skopeo inspect --format '{{.Digest}}' "docker://$HP/test:1" 2>"inspect-$t.err")
	same "$t: the registry holds the manifest we wrote" "$got" "sha256:$MANIFEST"

	# Pull with Docker's certs.d folder given explicitly, no containers folder at all.
	mv "$R/etc/containers" "$R/etc/containers.off"
	skopeo copy --src-cert-dir "$R/etc/docker/certs.d/$HP" "docker://$HP/test:1" "oci:$TMP/pulled-$t:1" >"pull-$t.out" 2>&1
	rc=$?
	mv "$R/etc/containers.off" "$R/etc/containers"
	same "$t: skopeo copy docker://$HP/test:1 -> oci: (--src-cert-dir Docker's certs.d)" "$rc" 0
	[ $rc -eq 0 ] || sed 's/^/# /' "pull-$t.out"
	pulled=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' \
		"pulled-$t/index.json" 2>/dev/null)
	same "$t: the pulled manifest has the pushed digest" "$pulled" "sha256:$MANIFEST"
	cmp -s "img/blobs/sha256/$LAYER" "pulled-$t/blobs/sha256/$LAYER" && cmp -s "img/blobs/sha256/$CONFIG" "pulled-$t/blobs/sha256/$CONFIG" &&
		ok "$t: the pulled layer and config are byte for byte the pushed ones" || fail "$t: pulled blobs differ"

	# Uninstalled again: refused again (the CA is only trusted through the certs.d folder).
	pki trust uninstall --root "$R" --docker "$HP" --containers "$HP" "ca-$t/ca.pem" >/dev/null 2>&1 </dev/null
	skopeo inspect "docker://$HP/test:1" >/dev/null 2>"gone-$t.err"
	rc=$?
	[ $rc -ne 0 ] && grep -q "unknown authority" "gone-$t.err" && [ ! -e "$R/etc/containers/certs.d/$HP" ] &&
		ok "$t: after pki trust uninstall skopeo refuses again" || { fail "$t: after uninstall (exit $rc)"; sed 's/^/# /' "gone-$t.err"; }
	stop_registry
done

# A certificate from the trusted CA, but for another address: refused.
pki quick --ca-dir ca-ec --cert-file other.pem --key-file other-key.pem 127.0.0.2 other.example.com >/dev/null 2>&1 </dev/null
if start_registry other "$TMP/other.pem" "$TMP/other-key.pem"; then
	HP="127.0.0.1:$PORT"
	pki trust install --root "$R" --containers "$HP" ca-ec/ca.pem >/dev/null 2>&1 </dev/null
	skopeo copy "oci:$TMP/img:1" "docker://$HP/test:1" >wrong.out 2>wrong.err
	rc=$?
	[ $rc -ne 0 ] && grep -q "x509: certificate is valid for 127.0.0.2, not 127.0.0.1" wrong.err &&
		ok "a certificate for 127.0.0.2 served as 127.0.0.1: refused (wrong name)" ||
		{ fail "wrong name (exit $rc)"; sed 's/^/# /' wrong.err; }
	[ -z "$(find "$TMP/other-store" -type f)" ] && ok "wrong name: nothing reached the registry" || fail "wrong name: the registry stored $(find "$TMP/other-store" -type f | wc -l) files"
	stop_registry
else
	fail "docker-registry did not start (wrong-name certificate)"
fi
done_testing
