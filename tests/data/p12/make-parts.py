# PKCS#12 files of many empty parts or bags, for the count bounds of pki_p12_import().
# Test data only: the DER is spelled out here so that the files show exactly one thing.
def tlv(tag, body):
    n = len(body)
    if n < 128:
        hdr = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        hdr = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + hdr + body

DATA = tlv(0x06, bytes.fromhex('2a864886f70d010701'))  # id-data


def data_ci(inner):
    return tlv(0x30, DATA + tlv(0xa0, tlv(0x04, inner)))


def pfx(parts):
    return tlv(0x30, tlv(0x02, b'\x03') + data_ci(tlv(0x30, b''.join(parts))))


for n in (64, 65):
    open('p12-%d-parts.p12' % n, 'wb').write(pfx([data_ci(tlv(0x30, b''))] * n))
for n in (32, 33):
    open('p12-%d-bags.p12' % n, 'wb').write(pfx([data_ci(tlv(0x30, tlv(0x30, b'') * n))]))
