#!/bin/sh
# A real TLS handshake on 127.0.0.1: openssl s_server with the certificate and key of
# `pki quick localhost 127.0.0.1`, and curl, gnutls-cli and openssl s_client as clients, which
# succeed with the CA, and fail for a wrong host name and for a CA they were not given.
. "${top_srcdir}/tests/cli-lib.sh"
for t in curl gnutls-cli "$PYTHON"; do
	if ! command -v "$t" >/dev/null 2>&1; then echo "1..0 # SKIP $t not found"; exit 0; fi
done
[ "$OPENSSL" != no ] || { echo "1..0 # SKIP openssl not found"; exit 0; }
SPID=
stop_server() { if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=; fi; }
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
cd "$TMP" || exit 99

check "pki quick localhost 127.0.0.1" pki quick --ca-dir "$TMP/ca" localhost 127.0.0.1
check "another CA (not given to the clients)" pki quick --ca-dir "$TMP/other" --cert-file other.pem --key-file other-key.pem localhost
CA=$TMP/ca/ca.pem
OTHER=$TMP/other/ca.pem

# A free port on 127.0.0.1 (the kernel picks it), then wait for the server, bounded.
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
	"$PYTHON" - "$1" <<'PY'
import socket, sys, time
end = time.time() + 20
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
}

started=no
for attempt in 1 2 3; do
	PORT=$(free_port)
	timeout 300 "$OPENSSL" s_server -accept "127.0.0.1:$PORT" -cert localhost.pem -key localhost-key.pem \
		-www -quiet </dev/null >server.log 2>&1 &
	SPID=$!
	if wait_port "$PORT"; then started=yes; break; fi
	stop_server
done
if [ "$started" != yes ]; then
	fail "openssl s_server started"; sed 's/^/# /' server.log; done_testing; exit 1
fi
ok "openssl s_server listening on 127.0.0.1:$PORT"

# curl
R="--resolve localhost:$PORT:127.0.0.1 --resolve wrong.example:$PORT:127.0.0.1"
# shellcheck disable=SC2086
check "curl --cacert, https://localhost" timeout 30 curl -sS -o /dev/null $R --cacert "$CA" "https://localhost:$PORT/"
check "curl --cacert, https://127.0.0.1" timeout 30 curl -sS -o /dev/null --cacert "$CA" "https://127.0.0.1:$PORT/"
# shellcheck disable=SC2086
check_fails "curl: wrong host name fails" timeout 30 curl -sS -o /dev/null $R --cacert "$CA" "https://wrong.example:$PORT/"
# shellcheck disable=SC2086
check_fails "curl: another CA fails" timeout 30 curl -sS -o /dev/null $R --cacert "$OTHER" "https://localhost:$PORT/"
# shellcheck disable=SC2086
timeout 30 curl -sS -o /dev/null $R --cacert "$OTHER" "https://localhost:$PORT/" 2>curl.err
grep -qi 'certificate' curl.err && ok "curl: the failure is about the certificate" || fail "curl: $(cat curl.err)"

# gnutls-cli
gcli() { timeout 30 gnutls-cli --logfile=/dev/null -p "$PORT" "$@" 127.0.0.1 </dev/null; }
check "gnutls-cli --x509cafile, localhost" gcli --x509cafile "$CA" --verify-hostname localhost
check "gnutls-cli --x509cafile, 127.0.0.1" gcli --x509cafile "$CA" --verify-hostname 127.0.0.1
check_fails "gnutls-cli: wrong host name fails" gcli --x509cafile "$CA" --verify-hostname wrong.example
check_fails "gnutls-cli: another CA fails" gcli --x509cafile "$OTHER" --verify-hostname localhost

# openssl s_client
scli() { timeout 30 "$OPENSSL" s_client -connect "127.0.0.1:$PORT" -verify_return_error "$@" </dev/null; }
check "openssl s_client -verify_hostname localhost" scli -CAfile "$CA" -servername localhost -verify_hostname localhost
check "openssl s_client -verify_ip 127.0.0.1" scli -CAfile "$CA" -verify_ip 127.0.0.1
check_fails "openssl s_client: wrong host name fails" scli -CAfile "$CA" -servername localhost -verify_hostname wrong.example
check_fails "openssl s_client: another CA fails" scli -CAfile "$OTHER" -servername localhost -verify_hostname localhost
stop_server
done_testing
