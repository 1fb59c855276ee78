#!/usr/bin/env python3.11
"""Blind test-set generator for a secrets / personal-data detector.

Values are built from the published format specifications (check digits,
checksums, lengths, alphabets) as understood by the author, independently of
the detector under test.  Standard library only, fixed seed, deterministic.

Output: values.jsonl beside this script, one object per line:
  {"kind": ..., "expect": "finding" | "clean", "value": ..., "note": ...}
"""
import base64
import collections
import datetime
import hashlib
import hmac
import json
import os
import random
import struct
import sys
import urllib.parse
import uuid
import zlib

SEED = 0x5EC2E7
rng = random.Random(SEED)
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "values.jsonl")

ROWS = []


def add(kind, expect, value, note):
    assert expect in ("finding", "clean")
    assert isinstance(value, str) and 0 < len(value) < 400, (kind, len(value), value[:80])
    ROWS.append({"kind": kind, "expect": expect, "value": value, "note": note})


def P(kind, value, note):
    add(kind, "finding", value, note)


def N(kind, value, note):
    add(kind, "clean", value, note)


def fill(_tpl, **kw):
    t = _tpl
    for k, v in kw.items():
        t = t.replace("{" + k + "}", str(v))
    assert "{t}" not in t and "{v}" not in t, t
    return t


# ---------------------------------------------------------------- randomness
DIG = "0123456789"
HEXL = "0123456789abcdef"
HEXU = HEXL.upper()
LOW = "abcdefghijklmnopqrstuvwxyz"
UP = LOW.upper()
ALNUM = DIG + UP + LOW
B62 = DIG + UP + LOW
B64URL = UP + LOW + DIG + "-_"
B64STD = UP + LOW + DIG + "+/"
LOWNUM = LOW + DIG


def bad_run(s):
    """True if s has 4 identical chars in a row or a 4-long +1/-1 run."""
    for i in range(len(s) - 3):
        a = s[i:i + 4]
        if len(set(a)) == 1:
            return True
        o = [ord(c) for c in a]
        d = [o[j + 1] - o[j] for j in range(3)]
        if d == [1, 1, 1] or d == [-1, -1, -1]:
            return True
    return False


def rs(n, alpha):
    while True:
        s = "".join(rng.choice(alpha) for _ in range(n))
        if not bad_run(s):
            return s


def rd(n, first=DIG):
    while True:
        s = rng.choice(first) + "".join(rng.choice(DIG) for _ in range(n - 1))
        if not bad_run(s):
            return s


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def b64s(b):
    return base64.b64encode(b).decode()


def b64s_nopad(b):
    return base64.b64encode(b).rstrip(b"=").decode()


def pick(seq):
    return rng.choice(seq)


def rand_date(y0, y1):
    a = datetime.date(y0, 1, 1).toordinal()
    b = datetime.date(y1, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(a, b))


WORDS = ["maple", "orbit", "falcon", "copper", "lantern", "thistle", "quartz", "harbor",
         "velvet", "cobalt", "juniper", "saffron", "glacier", "meadow", "ember", "pylon",
         "raven", "tundra", "willow", "zephyr", "marigold", "basalt", "cinder", "otter",
         "walnut", "sparrow", "nectar", "lagoon", "bramble", "pepper"]
PWSYM = "!@#%^&*_-+=.?"


def rand_password(style=None):
    style = style or pick(["words", "random", "mixed", "random"])
    if style == "words":
        s = pick(WORDS).capitalize() + pick(PWSYM) + rd(rng.randint(2, 4))
    elif style == "mixed":
        s = pick(WORDS) + rd(2) + pick(WORDS).capitalize() + pick(PWSYM)
    else:
        s = rs(rng.randint(10, 18), ALNUM + "!@#%^&*_-+=")
    return s


def rand_user():
    return pick(["svc_backup", "deploy", "etl_runner", "app_rw", "jenkins", "reporting",
                 "ops-admin", "integration", "svc_sql", "batch01", "webapp", "grafana"])


# ---------------------------------------------------------------- check digits
def luhn_digit(partial):
    s = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
      [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
      [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
      [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
      [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_digit(num):
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = VD[c][VP[(i + 1) % 8][int(ch)]]
    return str(VINV[c])


def verhoeff_ok(num):
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = VD[c][VP[i % 8][int(ch)]]
    return c == 0


assert verhoeff_digit("236") == "3" and verhoeff_ok("2363")


def cpf_digits(nine):
    d = [int(c) for c in nine]
    r = sum(d[i] * (10 - i) for i in range(9)) * 10 % 11
    d1 = 0 if r == 10 else r
    d.append(d1)
    r = sum(d[i] * (11 - i) for i in range(10)) * 10 % 11
    d2 = 0 if r == 10 else r
    return f"{d1}{d2}"


def nir_key(thirteen):
    n = thirteen.upper().replace("2A", "19").replace("2B", "18")
    return f"{97 - int(n) % 97:02d}"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(num):
    return DNI_LETTERS[int(num) % 23]


def bsn_ok(s):
    d = [int(c) for c in s]
    return len(d) == 9 and (sum(d[i] * (9 - i) for i in range(8)) - d[8]) % 11 == 0


def pesel_digit(ten):
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return str((10 - sum(int(c) * w[i] for i, c in enumerate(ten)) % 10) % 10)


HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_char(ddmmyy, nnn):
    return HETU_CHARS[int(ddmmyy + nnn) % 31]


def iban_make(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in (bban + cc + "00"))
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban_ok(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


# ---------------------------------------------------------------- crypto helpers
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(b):
    n = int.from_bytes(b, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + s


def b58decode(s):
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    pad = len(s) - len(s.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def b58check(version, payload):
    raw = bytes([version]) + payload
    return b58encode(raw + hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4])


def b58check_ok(s):
    raw = b58decode(s)
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


assert b58check(0, bytes.fromhex("62e907b15cbf27d5425399ebf6f0fb50ebb88f18")) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"

BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32M_CONST = 0x2BC830A3


def bech_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def bech_encode(hrp, data, const=1):
    pm = bech_polymod(hrp_expand(hrp) + data + [0] * 6) ^ const
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data + chk)


def bech_verify(s):
    s = s.lower()
    pos = s.rfind("1")
    hrp, data = s[:pos], [BECH.index(c) for c in s[pos + 1:]]
    return bech_polymod(hrp_expand(hrp) + data) in (1, BECH32M_CONST)


def convertbits(data, frm, to, pad=True):
    acc = bits = 0
    out = []
    maxv = (1 << to) - 1
    for v in data:
        acc = (acc << frm) | v
        bits += frm
        while bits >= to:
            bits -= to
            out.append((acc >> bits) & maxv)
    if pad and bits:
        out.append((acc << (to - bits)) & maxv)
    return out


def segwit_addr(hrp, ver, prog):
    const = 1 if ver == 0 else BECH32M_CONST
    return bech_encode(hrp, [ver] + convertbits(prog, 8, 5), const)


assert segwit_addr("bc", 0, bytes.fromhex("751e76e8199196d454941c45d1b3a323f1433bd6")) == \
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"

# Keccak-256 (original Keccak padding, as used by Ethereum / EIP-55)
KRC = [0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
       0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
       0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
       0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
       0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
       0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
KROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
M64 = (1 << 64) - 1


def _rol(x, n):
    return ((x << n) | (x >> (64 - n))) & M64 if n else x


def _keccak_f(A):
    for rc in KRC:
        C = [A[x][0] ^ A[x][1] ^ A[x][2] ^ A[x][3] ^ A[x][4] for x in range(5)]
        D = [C[(x - 1) % 5] ^ _rol(C[(x + 1) % 5], 1) for x in range(5)]
        A = [[A[x][y] ^ D[x] for y in range(5)] for x in range(5)]
        B = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                B[y][(2 * x + 3 * y) % 5] = _rol(A[x][y], KROT[x][y])
        A = [[B[x][y] ^ ((~B[(x + 1) % 5][y]) & B[(x + 2) % 5][y] & M64) for y in range(5)] for x in range(5)]
        A[0][0] ^= rc
    return A


def keccak(data, padbyte=0x01, rate=136, outlen=32):
    msg = bytearray(data) + bytes([padbyte])
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    A = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        blk = msg[off:off + rate]
        for i in range(rate // 8):
            A[i % 5][i // 5] ^= int.from_bytes(blk[8 * i:8 * i + 8], "little")
        A = _keccak_f(A)
    out = b"".join(A[i % 5][i // 5].to_bytes(8, "little") for i in range(rate // 8))
    return out[:outlen]


assert keccak(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
assert keccak(b"abc", padbyte=0x06) == hashlib.sha3_256(b"abc").digest()


def eip55(addr_hex):
    a = addr_hex.lower()
    h = keccak(a.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(a))


assert eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def md4(msg):
    def F(x, y, z): return (x & y) | (~x & z)
    def G(x, y, z): return (x & y) | (x & z) | (y & z)
    def H(x, y, z): return x ^ y ^ z
    def rl(x, n): x &= 0xFFFFFFFF; return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF
    ml = len(msg) * 8
    msg = msg + b"\x80"
    while len(msg) % 64 != 56:
        msg += b"\0"
    msg += struct.pack("<Q", ml)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476
    for off in range(0, len(msg), 64):
        X = struct.unpack("<16I", msg[off:off + 64])
        aa, bb, cc, dd = a, b, c, d
        for i in range(16):
            k = i
            s = [3, 7, 11, 19][i % 4]
            if i % 4 == 0: a = rl(a + F(b, c, d) + X[k], s)
            elif i % 4 == 1: d = rl(d + F(a, b, c) + X[k], s)
            elif i % 4 == 2: c = rl(c + F(d, a, b) + X[k], s)
            else: b = rl(b + F(c, d, a) + X[k], s)
        for i in range(16):
            k = (i % 4) * 4 + i // 4
            s = [3, 5, 9, 13][i % 4]
            if i % 4 == 0: a = rl(a + G(b, c, d) + X[k] + 0x5A827999, s)
            elif i % 4 == 1: d = rl(d + G(a, b, c) + X[k] + 0x5A827999, s)
            elif i % 4 == 2: c = rl(c + G(d, a, b) + X[k] + 0x5A827999, s)
            else: b = rl(b + G(c, d, a) + X[k] + 0x5A827999, s)
        order = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]
        for i in range(16):
            k = order[i]
            s = [3, 9, 11, 15][i % 4]
            if i % 4 == 0: a = rl(a + H(b, c, d) + X[k] + 0x6ED9EBA1, s)
            elif i % 4 == 1: d = rl(d + H(a, b, c) + X[k] + 0x6ED9EBA1, s)
            elif i % 4 == 2: c = rl(c + H(d, a, b) + X[k] + 0x6ED9EBA1, s)
            else: b = rl(b + H(c, d, a) + X[k] + 0x6ED9EBA1, s)
        a = (a + aa) & 0xFFFFFFFF
        b = (b + bb) & 0xFFFFFFFF
        c = (c + cc) & 0xFFFFFFFF
        d = (d + dd) & 0xFFFFFFFF
    return struct.pack("<4I", a, b, c, d)


def nt_hash(pw):
    return md4(pw.encode("utf-16-le")).hex()


assert nt_hash("password") == "8846f7eaee8fb117ad06bdd830b7586c"

CRYPT64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BCRYPT64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _to64(v, n):
    s = ""
    for _ in range(n):
        s += CRYPT64[v & 0x3F]
        v >>= 6
    return s


def sha_crypt(pw, salt, alg="sha512", rounds=5000, explicit_rounds=False):
    """SHA-crypt per Drepper's specification ($5$ / $6$)."""
    H = hashlib.sha512 if alg == "sha512" else hashlib.sha256
    hl = 64 if alg == "sha512" else 32
    pw = pw.encode()
    salt = salt.encode()[:16]
    B = H(pw + salt + pw).digest()
    a = H(pw + salt)
    n = len(pw)
    while n > hl:
        a.update(B)
        n -= hl
    a.update(B[:n])
    n = len(pw)
    while n:
        a.update(B if n & 1 else pw)
        n >>= 1
    A = a.digest()
    DP = H(pw * len(pw)).digest()
    Pb = (DP * (len(pw) // hl + 1))[:len(pw)]
    DS = H(salt * (16 + A[0])).digest()
    Sb = (DS * (len(salt) // hl + 1))[:len(salt)]
    C = A
    for i in range(rounds):
        c = H()
        c.update(Pb if i & 1 else C)
        if i % 3:
            c.update(Sb)
        if i % 7:
            c.update(Pb)
        c.update(C if i & 1 else Pb)
        C = c.digest()
    if alg == "sha512":
        trip = [(0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
                (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
                (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41)]
        enc = "".join(_to64((C[x] << 16) | (C[y] << 8) | C[z], 4) for x, y, z in trip) + _to64(C[63], 2)
        tag = "$6$"
    else:
        trip = [(0, 10, 20), (21, 1, 11), (12, 22, 2), (3, 13, 23), (24, 4, 14), (15, 25, 5), (6, 16, 26),
                (27, 7, 17), (18, 28, 8), (9, 19, 29)]
        enc = "".join(_to64((C[x] << 16) | (C[y] << 8) | C[z], 4) for x, y, z in trip) + \
            _to64((C[31] << 8) | C[30], 3)
        tag = "$5$"
    r = f"rounds={rounds}$" if explicit_rounds else ""
    return f"{tag}{r}{salt.decode()}${enc}"


def md5_crypt(pw, salt):
    pw = pw.encode()
    salt = salt.encode()[:8]
    ctx = hashlib.md5(pw + b"$1$" + salt)
    fin = hashlib.md5(pw + salt + pw).digest()
    n = len(pw)
    while n > 0:
        ctx.update(fin[:min(16, n)])
        n -= 16
    n = len(pw)
    while n:
        ctx.update(b"\0" if n & 1 else pw[:1])
        n >>= 1
    fin = ctx.digest()
    for i in range(1000):
        c = hashlib.md5()
        c.update(pw if i & 1 else fin)
        if i % 3:
            c.update(salt)
        if i % 7:
            c.update(pw)
        c.update(fin if i & 1 else pw)
        fin = c.digest()
    enc = "".join(_to64((fin[x] << 16) | (fin[y] << 8) | fin[z], 4)
                  for x, y, z in [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)]) + _to64(fin[11], 2)
    return f"$1${salt.decode()}${enc}"


def _selftest_crypt():
    """Cross-check the pure-python crypt implementations against libc when available."""
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import crypt  # noqa
    except Exception:
        return "crypt module unavailable; skipped"
    r = []
    for pw, salt in [("hunter2x", "Zq8v1LmN"), ("A much longer passphrase, over 32 bytes long!!", "p0Q9wE2r7tY6uI5o")]:
        assert sha_crypt(pw, salt) == crypt.crypt(pw, f"$6${salt}$"), "sha512crypt mismatch"
        assert sha_crypt(pw, salt, "sha256") == crypt.crypt(pw, f"$5${salt}$"), "sha256crypt mismatch"
        assert sha_crypt(pw, salt, "sha256", 12000, True) == crypt.crypt(pw, f"$5$rounds=12000${salt}$")
        assert md5_crypt(pw, salt[:8]) == crypt.crypt(pw, f"$1${salt[:8]}$"), "md5crypt mismatch"
        r.append("ok")
    return "crypt cross-check " + ",".join(r)


def bcrypt_b64(b):
    """bcrypt's own base64 (alphabet ./A-Za-z0-9, no padding)."""
    out = ""
    for i in range(0, len(b), 3):
        chunk = b[i:i + 3]
        v = int.from_bytes(chunk + b"\0" * (3 - len(chunk)), "big")
        nchar = len(chunk) + 1
        for j in range(nchar):
            out += BCRYPT64[(v >> (18 - 6 * j)) & 0x3F]
    return out


def yes_b64(b):
    """yescrypt / libxcrypt little-endian base64 with the crypt alphabet."""
    out = ""
    for i in range(0, len(b), 3):
        chunk = b[i:i + 3]
        v = int.from_bytes(chunk, "little")
        bits = 8 * len(chunk)
        for j in range(0, bits, 6):
            out += CRYPT64[(v >> j) & 0x3F]
    return out


# RSA / EC key material (small keys so that values stay under 400 characters)
def is_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(24):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def gen_prime(bits):
    while True:
        c = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if is_prime(c):
            return c


def i2b(x, ln=None):
    ln = ln or (x.bit_length() + 7) // 8
    return x.to_bytes(ln, "big")


def rsa_key(bits=512):
    e = 65537
    while True:
        p, q = gen_prime(bits // 2), gen_prime(bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n = p * q
    d = pow(e, -1, phi)
    assert pow(pow(12345, e, n), d, n) == 12345
    return n, e, d, p, q


EC_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
EC_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
EC_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
EC_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def ec_add(P1, P2):
    if P1 is None:
        return P2
    if P2 is None:
        return P1
    (x1, y1), (x2, y2) = P1, P2
    if x1 == x2 and (y1 + y2) % EC_P == 0:
        return None
    if P1 == P2:
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, EC_P) % EC_P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, EC_P) % EC_P
    x3 = (lam * lam - x1 - x2) % EC_P
    return x3, (lam * (x1 - x3) - y1) % EC_P


def ec_mul(k, Pt):
    R = None
    while k:
        if k & 1:
            R = ec_add(R, Pt)
        Pt = ec_add(Pt, Pt)
        k >>= 1
    return R


def ec_key():
    d = rng.randrange(1, EC_N)
    x, y = ec_mul(d, EC_G)
    assert (y * y - (x ** 3 - 3 * x + EC_B)) % EC_P == 0
    return d, x, y


def pem(label, der, width=64, nl="\n"):
    body = b64s(der)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----"


def ec_sec1_der(d, x, y):
    return (bytes.fromhex("30770201010420") + i2b(d, 32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
            + b"\x04" + i2b(x, 32) + i2b(y, 32))


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def openssh_ed25519_blob():
    seed, pub = rbytes(32), rbytes(32)
    pubblob = sshstr(b"ssh-ed25519") + sshstr(pub)
    chk = rbytes(4)
    priv = chk + chk + sshstr(b"ssh-ed25519") + sshstr(pub) + sshstr(seed + pub) + sshstr(b"")
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    return (b"openssh-key-v1\0" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + struct.pack(">I", 1)
            + sshstr(pubblob) + sshstr(priv))


# ---------------------------------------------------------------- people / places
FIRST = ["Daniel", "Helena", "Aisha", "Mateo", "Priya", "Lucas", "Sofia", "Kwame", "Ingrid", "Tomasz",
         "Mariana", "Jonas", "Fatima", "Hiroshi", "Chloe", "Rafael", "Amara", "Nikolai", "Leonie", "Ravi",
         "Beatriz", "Oskar", "Yasmin", "Joaquim", "Elif", "Camille", "Tariq", "Aino", "Gustavo", "Marta"]
LAST = ["Okafor", "Kowalska", "Rahman", "Alvarez", "Raman", "Ferreira", "Lindqvist", "Mensah", "Halvorsen",
        "Nowicki", "Carvalho", "Becker", "Haddad", "Tanaka", "Dubois", "Moreira", "Eze", "Volkov", "Brandt",
        "Iyer", "Santos", "Nyberg", "Karimi", "Pereira", "Yilmaz", "Lefevre", "Aziz", "Virtanen", "Ribeiro",
        "Castillo"]


FEMALE = {"Helena", "Aisha", "Priya", "Sofia", "Ingrid", "Mariana", "Fatima", "Chloe", "Amara", "Leonie",
          "Beatriz", "Yasmin", "Elif", "Camille", "Aino", "Marta"}


def person(gender=None):
    pool = FIRST if gender is None else [f for f in FIRST if (f in FEMALE) == (gender == "f")]
    return pick(pool), pick(LAST)


MAIL_DOMAINS = ["gmail.com", "outlook.com", "proton.me", "yahoo.co.uk", "web.de", "uol.com.br",
                "fastmail.fm", "hotmail.fr", "icloud.com", "gmx.net", "northwind-logistics.io",
                "tessaract-health.de"]


# =====================================================================
# 1. National identifiers with check digits
# =====================================================================
def sec_national_ids():
    # --- US SSN -----------------------------------------------------
    k = "us_ssn"
    tmpl = ["SSN: {v}", "Applicant SSN {v} failed identity verification",
            'user_profile_update ssn="{v}" result=ok', '{"employee_id": "E{e}", "ssn": "{v}", "state": "OH"}',
            "social security number: {v}", "W-2 import row {e}: ssn={v} wages=58210.44",
            "kyc.check type=ssn value={v} match=partial", "SSN {v} on file does not match payroll record",
            "ssn={v}"]
    for i, t in enumerate(tmpl):
        while True:
            area = rng.randint(1, 899)
            if area != 666:
                break
        grp, ser = rng.randint(1, 99), rng.randint(1, 9999)
        v = f"{area:03d}-{grp:02d}-{ser:04d}"
        if i == 8:
            v = v.replace("-", "")
        elif i == 4:
            v = v.replace("-", " ")
        P(k, fill(t, v=v, e=rd(5)), "SSN: area 001-899 (not 666), group 01-99, serial 0001-9999")
    N(k, f"SSN: 000-{rng.randint(10, 99)}-{rd(4, '123456789')}", "area 000 is never issued")
    N(k, f"SSN: 666-{rng.randint(10, 99)}-{rd(4, '123456789')}", "area 666 is never issued")
    N(k, f"ssn={rng.randint(100, 899)}-00-{rd(4, '123456789')}", "group 00 is never issued")
    N(k, f"SSN {rng.randint(100, 899)}-{rng.randint(10, 99)}-0000", "serial 0000 is never issued")
    N(k, "SSN: 078-05-1120", "famous Woolworth wallet-card SSN, voided / documented example")
    N(k, "SSN: ***-**-" + rd(4, "123456789"), "masked SSN")
    N(k, f"case ref 2024-{rng.randint(10, 12)}-{rd(4)} closed by service desk", "case reference, not an SSN")

    # --- US ITIN ----------------------------------------------------
    k = "us_itin"
    groups = list(range(70, 89)) + [90, 91, 92] + list(range(94, 100))
    tmpl = ["ITIN: {v}", "taxpayer ITIN {v} verified against W-7", '{"tin_type": "ITIN", "tin": "{v}"}',
            "1099-NEC recipient ITIN={v}", "Individual Taxpayer Identification Number {v} on file",
            "payee tin={v} (ITIN)", "ITIN {v} expired; renewal required", "itin: {v}"]
    for i, t in enumerate(tmpl):
        v = f"9{rd(2)}-{pick(groups)}-{rd(4)}"
        if i == 7:
            v = v.replace("-", "")
        P(k, fill(t, v=v), "ITIN: 9XX-GG-XXXX with group 70-88, 90-92 or 94-99")
    N(k, f"ITIN: 9{rd(2)}-89-{rd(4)}", "group 89 is not in the ITIN ranges")
    N(k, f"ITIN: 9{rd(2)}-93-{rd(4)}", "group 93 is not in the ITIN ranges")
    N(k, f"ITIN: 9{rd(2)}-{rng.randint(10, 65)}-{rd(4)}", "group below 70 is not an ITIN")
    N(k, "ITIN: 9XX-7X-XXXX", "placeholder pattern")
    N(k, "ITIN: ***-**-" + rd(4), "masked")

    # --- Canada SIN --------------------------------------------------
    k = "ca_sin"
    tmpl = ["SIN: {v}", "Social Insurance Number {v} recorded for payroll", "NAS : {v}",
            '{"sin": "{v}", "province": "ON"}', "T4 slip generated, employee SIN={v}",
            "validate_sin({v}) -> true", "employee sin {v} updated by HR", "sin={v}"]
    for i, t in enumerate(tmpl):
        body = pick("12345679") + rd(7)
        v = body + luhn_digit(body)
        assert luhn_ok(v)
        v = [f"{v[:3]} {v[3:6]} {v[6:]}", f"{v[:3]}-{v[3:6]}-{v[6:]}", v][i % 3]
        P(k, fill(t, v=v), "SIN: 9 digits, Luhn valid, first digit 1-7 or 9")
    body = pick("1234567") + rd(7)
    good = luhn_digit(body)
    N(k, f"SIN: {body[:3]} {body[3:6]} {body[6:]}{(int(good) + 3) % 10}", "Luhn check fails")
    body = pick("1234567") + rd(7)
    good = luhn_digit(body)
    N(k, f"sin={body}{(int(good) + 5) % 10}", "Luhn check fails")
    N(k, "SIN: 046 454 286", "Government of Canada documented example SIN")
    body = "8" + rd(7)
    N(k, f"SIN: {body[:3]}-{body[3:6]}-{body[6:]}{luhn_digit(body)}", "first digit 8 is not allocated")
    N(k, "SIN: *** *** " + rd(3), "masked")
    N(k, f"SIN: {rd(3, '1234567')} {rd(3)} {rd(2)}", "only 8 digits")

    # --- Brazil CPF ---------------------------------------------------
    k = "br_cpf"
    tmpl = ["CPF: {v}", "cliente CPF {v} cadastrado com sucesso", '{"cpf": "{v}", "uf": "SP"}',
            "nota fiscal emitida para CPF={v}", "consulta Serasa cpf={v} score=712", "CPF do titular: {v}",
            "pix key type=cpf key={v}", "cpf {v} bloqueado por tentativas", "documento={v}"]
    for i, t in enumerate(tmpl):
        while True:
            nine = rd(9)
            if len(set(nine)) > 1:
                break
        v = nine + cpf_digits(nine)
        if i % 2 == 0:
            v = f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"
        P(k, fill(t, v=v), "CPF with both mod-11 check digits valid")
    nine = rd(9)
    dv = cpf_digits(nine)
    N(k, f"CPF: {nine[:3]}.{nine[3:6]}.{nine[6:]}-{dv[0]}{(int(dv[1]) + 1) % 10}", "second check digit wrong")
    nine = rd(9)
    dv = cpf_digits(nine)
    N(k, f"cpf={nine}{(int(dv[0]) + 4) % 10}{dv[1]}", "first check digit wrong")
    N(k, "CPF: 111.111.111-11", "repeated digits: passes mod-11 but never issued")
    N(k, "CPF: 123.456.789-09", "widely published example CPF")
    N(k, "CPF: ***.456.789-**", "masked")
    N(k, f"pedido {rd(10)} enviado", "10-digit order number, not CPF")

    # --- France NIR ---------------------------------------------------
    k = "fr_nir"
    tmpl = ["NIR: {v}", "numéro de sécurité sociale : {v}", "carte vitale lue, nir={v}",
            '{"nir": "{v}", "regime": "general"}', "n° SS {v} rattaché au dossier", "ameli sync ok NIR {v}",
            "assuré {v} : droits ouverts", "insee_number={v}"]
    for i, t in enumerate(tmpl):
        sex = pick("12")
        yy = f"{rng.randint(0, 99):02d}"
        mm = f"{rng.randint(1, 12):02d}"
        dep = pick(["2A", "2B"]) if i == 3 else f"{pick([x for x in range(1, 96) if x != 20]):02d}"
        if i == 3:
            yy = f"{rng.randint(76, 99)}"  # 2A/2B only used for births from 1976
        com = f"{rng.randint(1, 990):03d}"
        order = f"{rng.randint(1, 999):03d}"
        thirteen = sex + yy + mm + dep + com + order
        key = nir_key(thirteen)
        v = thirteen + key if i % 2 else f"{sex} {yy} {mm} {dep} {com} {order} {key}"
        P(k, fill(t, v=v), "NIR: 13 chars + key = 97 - (n mod 97); Corsica 2A/2B -> 19/18")
    thirteen = pick("12") + rd(2) + f"{rng.randint(1, 12):02d}" + f"{rng.randint(21, 95):02d}" + rd(6)
    key = int(nir_key(thirteen))
    N(k, f"NIR: {thirteen}{(key + 7) % 97 or 11:02d}", "mod-97 key wrong")
    thirteen = pick("12") + rd(2) + f"{rng.randint(1, 12):02d}" + f"{rng.randint(21, 95):02d}" + rd(6)
    key = int(nir_key(thirteen))
    t = thirteen
    N(k, f"numéro de sécurité sociale : {t[0]} {t[1:3]} {t[3:5]} {t[5:7]} {t[7:10]} {t[10:13]} {(key + 13) % 97 or 5:02d}",
      "mod-97 key wrong")
    thirteen = "3" + rd(2) + f"{rng.randint(1, 12):02d}" + f"{rng.randint(21, 95):02d}" + rd(6)
    N(k, f"NIR: {thirteen}{nir_key(thirteen)}", "first digit must be 1 or 2 (sex); 3 invalid")
    N(k, "NIR: 1 84 12 ** *** *** **", "masked")
    N(k, f"facture {rd(14)} réglée", "14 digits, invoice number")

    # --- Spain DNI ----------------------------------------------------
    k = "es_dni"
    tmpl = ["DNI: {v}", "titular con DNI {v} verificado", '{"dni": "{v}", "provincia": "Madrid"}',
            "nif={v}", "alta de cliente NIF {v}", "documento de identidad {v} caducado",
            "DNI/NIF del firmante: {v}", "consulta AEAT nif {v} ok"]
    for i, t in enumerate(tmpl):
        num = rd(8)
        v = num + dni_letter(num)
        v = [v, f"{num}-{v[-1]}", f"{num[:2]}.{num[2:5]}.{num[5:]}-{v[-1]}"][i % 3]
        P(k, fill(t, v=v), "DNI: 8 digits + letter TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]")
    num = rd(8)
    wrong = DNI_LETTERS[(int(num) + 5) % 23]
    N(k, f"DNI: {num}{wrong}", "check letter wrong")
    num = rd(8)
    N(k, f"nif={num}{DNI_LETTERS[(int(num) + 11) % 23]}", "check letter wrong")
    N(k, "DNI: 12345678Z", "documented example DNI")
    N(k, f"DNI: {rd(7)}{pick(DNI_LETTERS)}", "7 digits only")
    N(k, "DNI: ****" + "5678Z", "masked")

    # --- Spain NIE ----------------------------------------------------
    k = "es_nie"
    tmpl = ["NIE: {v}", "extranjero con NIE {v} empadronado", '{"nie": "{v}"}', "permiso de residencia nie={v}",
            "TIE número {v} renovada", "alta en Seguridad Social, NIE {v}", "NIE del arrendatario: {v}",
            "nif_extranjero={v}"]
    for i, t in enumerate(tmpl):
        pre = pick("XYZ")
        num = rd(7)
        letter = dni_letter(str("XYZ".index(pre)) + num)
        v = f"{pre}{num}{letter}" if i % 2 == 0 else f"{pre}-{num}-{letter}"
        P(k, fill(t, v=v), "NIE: X/Y/Z (=0/1/2) + 7 digits + mod-23 letter")
    pre, num = pick("XYZ"), rd(7)
    good = "XYZ".index(pre)
    N(k, f"NIE: {pre}{num}{DNI_LETTERS[(int(str(good) + num) + 3) % 23]}", "check letter wrong")
    pre, num = pick("XYZ"), rd(7)
    N(k, f"nie={pre}{num}{DNI_LETTERS[(int(str('XYZ'.index(pre)) + num) + 9) % 23]}", "check letter wrong")
    num = rd(7)
    N(k, f"NIE: W{num}{dni_letter(num)}", "prefix W is not a NIE prefix")
    N(k, "NIE: X0000000T", "all-zero placeholder")
    N(k, f"NIE: X{rd(6)}{pick(DNI_LETTERS)}", "only 6 digits")

    # --- Netherlands BSN ---------------------------------------------
    k = "nl_bsn"
    tmpl = ["BSN: {v}", "burgerservicenummer {v} geverifieerd", '{"bsn": "{v}"}', "DigiD koppeling bsn={v}",
            "patiënt BSN {v} opgevraagd bij SBV-Z", "loonaangifte: bsn {v}", "Burgerservicenummer: {v}",
            "bsn={v} status=actief"]
    for i, t in enumerate(tmpl):
        while True:
            eight = rd(8, "123456789")
            s = sum(int(eight[j]) * (9 - j) for j in range(8)) % 11
            if s < 10:
                v = eight + str(s)
                break
        assert bsn_ok(v)
        if i == 6:
            v = f"{v[:4]}.{v[4:6]}.{v[6:]}"
        P(k, fill(t, v=v), "BSN: 9 digits passing the 11-test (weights 9..2, -1)")
    for _ in range(2):
        while True:
            v = rd(9, "123456789")
            if not bsn_ok(v):
                break
        N(k, f"BSN: {v}", "fails the 11-test")
    N(k, "BSN: 111222333", "widely used test BSN (documented example)")
    N(k, "BSN: 123456782", "widely used test BSN (documented example)")
    N(k, f"BSN: {rd(10, '123456789')}", "10 digits, too long for a BSN")
    N(k, "BSN: *****" + rd(4), "masked")

    # --- Poland PESEL -------------------------------------------------
    k = "pl_pesel"
    tmpl = ["PESEL: {v}", "pacjent PESEL {v} zarejestrowany", '{"pesel": "{v}"}', "weryfikacja pesel={v} OK",
            "numer PESEL {v} w rejestrze", "e-recepta dla PESEL {v}", "ZUS: pesel {v}", "pesel={v}"]
    for t in tmpl:
        d = rand_date(1940, 2012)
        mm = d.month + (20 if d.year >= 2000 else 0)
        ten = f"{d.year % 100:02d}{mm:02d}{d.day:02d}" + rd(4)
        v = ten + pesel_digit(ten)
        P(k, fill(t, v=v), "PESEL: YYMMDD (century in month) + 4 + check (weights 1,3,7,9)")
    d = rand_date(1950, 1999)
    ten = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" + rd(4)
    N(k, f"PESEL: {ten}{(int(pesel_digit(ten)) + 3) % 10}", "check digit wrong")
    d = rand_date(1950, 1999)
    ten = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" + rd(4)
    N(k, f"pesel={ten}{(int(pesel_digit(ten)) + 6) % 10}", "check digit wrong")
    N(k, "PESEL: 44051401359", "documented example PESEL")
    ten = f"{rng.randint(50, 99)}{rng.randint(33, 40)}{rng.randint(10, 28)}" + rd(4)
    N(k, f"PESEL: {ten}{pesel_digit(ten)}", "month 33-40 is not a valid encoded month")
    N(k, f"PESEL: {rd(10)}", "10 digits")

    # --- Sweden personnummer -----------------------------------------
    k = "se_personnummer"
    tmpl = ["personnummer: {v}", "Personnummer {v} hämtat från SPAR", '{"personnummer": "{v}"}',
            "BankID signering pnr={v}", "patient {v} inskriven", "pnr: {v}", "Skatteverket lookup {v} ok",
            "kund med personnr {v}"]
    for i, t in enumerate(tmpl):
        d = rand_date(1935, 2010)
        day = d.day + (60 if i == 5 else 0)  # samordningsnummer
        nine = f"{d.year % 100:02d}{d.month:02d}{day:02d}" + rd(3)
        c = luhn_digit(nine)
        if i in (2, 6):
            v = f"{d.year}{nine[2:6]}-{nine[6:]}{c}"
        elif i == 3:
            v = f"{d.year}{nine[2:6]}{nine[6:]}{c}"
        else:
            v = f"{nine[:6]}-{nine[6:]}{c}"
        P(k, fill(t, v=v), "YYMMDD-NNNC, Luhn over 9 digits (samordningsnummer adds 60 to day)")
    d = rand_date(1950, 1999)
    nine = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" + rd(3)
    N(k, f"personnummer: {nine[:6]}-{nine[6:]}{(int(luhn_digit(nine)) + 4) % 10}", "Luhn check wrong")
    d = rand_date(1950, 1999)
    nine = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" + rd(3)
    N(k, f"pnr={d.year}{nine[2:6]}-{nine[6:]}{(int(luhn_digit(nine)) + 7) % 10}", "Luhn check wrong")
    N(k, "personnummer: 121212-1212", "Skatteverket's documented example (Tolvan Tolvansson)")
    nine = f"{rng.randint(50, 99)}13{rng.randint(10, 28)}" + rd(3)
    N(k, f"personnummer: {nine[:6]}-{nine[6:]}{luhn_digit(nine)}", "month 13 invalid although Luhn ok")
    N(k, f"build 20231114-{rd(4)} deployed", "build stamp, not a personnummer")

    # --- Finland HETU -------------------------------------------------
    k = "fi_hetu"
    assert hetu_char("131052", "308") == "T"
    tmpl = ["henkilötunnus: {v}", "HETU {v} tarkistettu", '{"hetu": "{v}"}', "Kela asiakas hetu={v}",
            "potilas {v} kirjattu", "Suomi.fi tunnistus: {v}", "personbeteckning {v}", "hetu: {v}"]
    for i, t in enumerate(tmpl):
        d = rand_date(1930, 2015)
        if d.year >= 2000:
            sign = "A" if i % 3 else pick("BCDEF")
        else:
            sign = "-" if i % 3 else pick("YXWVU")
        ddmmyy = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"
        nnn = f"{rng.randint(2, 899):03d}"
        v = f"{ddmmyy}{sign}{nnn}{hetu_char(ddmmyy, nnn)}"
        P(k, fill(t, v=v), "DDMMYY + century sign + NNN + mod-31 check char (2023 signs included)")
    d = rand_date(1950, 1999)
    ddmmyy = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"
    nnn = f"{rng.randint(2, 899):03d}"
    N(k, f"HETU {ddmmyy}-{nnn}{HETU_CHARS[(int(ddmmyy + nnn) + 5) % 31]}", "check char wrong")
    d = rand_date(2000, 2015)
    ddmmyy = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"
    N(k, f"hetu={ddmmyy}A{nnn}{HETU_CHARS[(int(ddmmyy + nnn) + 17) % 31]}", "check char wrong")
    N(k, "henkilötunnus: 131052-308T", "documented example HETU")
    ddmmyy = f"{rng.randint(32, 39)}{rng.randint(1, 12):02d}{rng.randint(50, 99)}"
    N(k, f"HETU {ddmmyy}-{nnn}{hetu_char(ddmmyy, nnn)}", "day 32+ invalid although check char ok")
    N(k, f"hetu: {ddmmyy[:2]}****-****", "masked")

    # --- India Aadhaar ------------------------------------------------
    k = "in_aadhaar"
    tmpl = ["Aadhaar: {v}", "aadhaar_number={v} eKYC success", '{"aadhaar": "{v}"}', "UIDAI auth for {v} OK",
            "Aadhaar no. {v} linked to PAN", "beneficiary aadhaar {v} verified", "KYC doc=aadhaar id={v}",
            "uid: {v}"]
    for i, t in enumerate(tmpl):
        eleven = rd(11, "23456789")
        v = eleven + verhoeff_digit(eleven)
        assert verhoeff_ok(v)
        v = [f"{v[:4]} {v[4:8]} {v[8:]}", v, f"{v[:4]}-{v[4:8]}-{v[8:]}"][i % 3]
        P(k, fill(t, v=v), "12 digits, first 2-9, Verhoeff check digit")
    eleven = rd(11, "23456789")
    good = verhoeff_digit(eleven)
    N(k, f"Aadhaar: {eleven[:4]} {eleven[4:8]} {eleven[8:]}{(int(good) + 1) % 10}", "Verhoeff check fails")
    eleven = rd(11, "23456789")
    N(k, f"aadhaar_number={eleven}{(int(verhoeff_digit(eleven)) + 6) % 10}", "Verhoeff check fails")
    eleven = "1" + rd(10)
    N(k, f"Aadhaar: {eleven}{verhoeff_digit(eleven)}", "first digit 1 never issued")
    N(k, "Aadhaar: XXXX XXXX " + rd(4), "masked Aadhaar")
    N(k, f"Aadhaar: {rd(4, '23456789')} {rd(4)} {rd(3)}", "11 digits")

    # --- UK National Insurance number ---------------------------------
    k = "uk_nino"
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    tmpl = ["NI number: {v}", "National Insurance number {v} added to payroll", '{"nino": "{v}"}',
            "HMRC RTI submission nino={v}", "NINO: {v}", "employee NI no {v} verified", "ni_number={v}",
            "P45 issued, NI {v}"]
    for i, t in enumerate(tmpl):
        while True:
            pre = pick(first) + pick(second)
            if pre not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                break
        dg = rd(6)
        suf = pick("ABCD")
        v = f"{pre}{dg}{suf}" if i % 2 else f"{pre} {dg[:2]} {dg[2:4]} {dg[4:]} {suf}"
        P(k, fill(t, v=v), "NINO: valid prefix letters, 6 digits, suffix A-D")
    N(k, f"NI number: QQ {rd(2)} {rd(2)} {rd(2)} C", "QQ prefix is HMRC's documented example / invalid")
    N(k, f"nino=BG{rd(6)}A", "BG prefix not allocated")
    N(k, f"NINO: AB{rd(6)}E", "suffix E invalid")
    N(k, f"NINO: TN{rd(6)}{pick('MF')}", "TN temporary reference, not a NINO")
    N(k, f"NI number: DF{rd(6)}B", "D and F not used as prefix letters")
    N(k, f"NINO: AB{rd(5)}C", "only 5 digits")

    # --- Credit cards -------------------------------------------------
    k = "credit_card"
    tmpl = ["card={v} exp=08/27", "Payment declined for PAN {v}", '{"cardNumber": "{v}", "expMonth": 4}',
            "charge failed: card number {v} cvv mismatch", "cc: {v}", "tokenize request pan={v}",
            "Visa/MC fallback used for {v}", "refund to card {v} issued", "ccnum={v}", "card ending in full {v}"]
    brands = ["visa", "mc51", "amex", "mc2", "visa", "amex", "mc51", "visa", "mc2", "visa"]
    for i, t in enumerate(tmpl):
        b = brands[i]
        if b == "visa":
            body = "4" + rd(14)
        elif b == "mc51":
            body = "5" + pick("12345") + rd(13)
        elif b == "mc2":
            body = str(rng.randint(2221, 2720)) + rd(11)
        else:
            body = "3" + pick("47") + rd(12)
        v = body + luhn_digit(body)
        assert luhn_ok(v)
        if i % 3 == 0:
            v = f"{v[:4]} {v[4:10]} {v[10:]}" if b == "amex" else group4(v)
        elif i % 3 == 1:
            v = f"{v[:4]}-{v[4:10]}-{v[10:]}" if b == "amex" else "-".join(v[j:j + 4] for j in range(0, 16, 4))
        P(k, fill(t, v=v), f"{b} PAN, Luhn valid")
    N(k, "card=4111 1111 1111 1111 exp=12/30", "documented test card number")
    N(k, "test charge with 4242424242424242 succeeded", "Stripe documented test card")
    N(k, "cardNumber=5555555555554444", "documented Mastercard test number")
    N(k, "amex test 378282246310005", "documented Amex test number")
    body = "4" + rd(14)
    N(k, f"card={group4(body + str((int(luhn_digit(body)) + 1) % 10))}", "Luhn fails")
    N(k, "card **** **** **** " + rd(4), "masked PAN")
    N(k, f"pan={rd(6, '45')}******{rd(4)}", "BIN + last4 masked")

    # --- IBAN ---------------------------------------------------------
    k = "iban"

    def bban_de(): return rd(8, "12345678") + rd(10)
    def bban_gb(): return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rd(6) + rd(8)
    def bban_fr():
        bank, branch, acct = rd(5, "123456789"), rd(5), rd(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    def bban_es():
        bank, branch, acct = rd(4), rd(4), rd(10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        def dc(s):
            r = 11 - sum(int(c) * w[j] for j, c in enumerate(s)) % 11
            return {11: 0, 10: 1}.get(r, r)
        return f"{bank}{branch}{dc('00' + bank + branch)}{dc(acct)}{acct}"
    def bban_be():
        ten = rd(10)
        c = int(ten) % 97 or 97
        return f"{ten}{c:02d}"
    def bban_nl(): return pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + rd(10)

    builders = [("DE", bban_de), ("GB", bban_gb), ("FR", bban_fr), ("ES", bban_es), ("BE", bban_be),
                ("NL", bban_nl), ("DE", bban_de), ("FR", bban_fr), ("GB", bban_gb)]
    tmpl = ["IBAN: {v}", "SEPA transfer to {v} queued", '{"iban": "{v}", "bic": "COBADEFFXXX"}',
            "beneficiary account {v} added", "payout iban={v}", "Lastschriftmandat für IBAN {v}",
            "RIB / IBAN : {v}", "wire instructions: IBAN {v}, ref INV-{e}", "iban={v}"]
    for i, (cc, fn) in enumerate(builders):
        v = iban_make(cc, fn())
        assert iban_ok(v)
        if i % 2 == 0:
            v = group4(v)
        P(k, fill(tmpl[i], v=v, e=rd(5)), f"{cc} IBAN, mod-97 == 1 (national check digits computed too)")
    N(k, "IBAN: DE89 3704 0044 0532 0130 00", "documented example IBAN")
    N(k, "iban=GB82WEST12345698765432", "documented example IBAN")
    v = iban_make("DE", bban_de())
    N(k, f"IBAN: {v[:2]}{(int(v[2:4]) + 11) % 97:02d}{v[4:]}", "check digits wrong")
    v = iban_make("NL", bban_nl())
    N(k, f"payout iban={v[:-1]}", "length wrong (17 instead of 18 for NL)")
    N(k, "IBAN: DE** **** **** **** **" + rd(2) + " " + rd(2), "masked")


# =====================================================================
# 2. Password hashes
# =====================================================================
def sec_password_hashes():
    users = ["root", "deploy", "postgres", "jenkins", "backup", "www-data", "admin", "ansible", "git", "ops"]

    def shadow(u, h): return f"{u}:{h}:{rng.randint(18000, 20100)}:0:99999:7:::"

    # bcrypt
    k = "bcrypt"
    tmpl = ["{h}", "users.password_hash = '{h}'", 'INSERT INTO users (login, pw) VALUES (\'{u}\', \'{h}\')',
            '{"user": "{u}", "hashed_password": "{h}"}', "{u}:{h}", "htpasswd entry {u}:{h}",
            "debug: stored hash for {u} is {h}", "hash={h}"]
    for i, t in enumerate(tmpl):
        ver = ["2a", "2b", "2y"][i % 3]
        cost = pick([10, 11, 12, 12, 13, 14])
        h = f"${ver}${cost:02d}${bcrypt_b64(rbytes(16))}{bcrypt_b64(rbytes(23))}"
        assert len(h) == 60
        P(k, fill(t, h=h, u=pick(users)), "bcrypt: $2x$cost$ + 22-char salt + 31-char hash (bcrypt base64)")
    N(k, "bcrypt cost factor raised to 12 ($2b$12$ prefix) for new hashes", "prefix mention only")
    N(k, f"hash=$2b$12${bcrypt_b64(rbytes(16))}{bcrypt_b64(rbytes(12))[:12]}", "truncated (wrong length)")
    N(k, "password_hash=$2y$10$" + "*" * 53, "masked hash")
    N(k, "migration: 1289 rows with $2a$ hashes rehashed to $2b$", "prefix mention only")
    N(k, "bcrypt.gensalt(rounds=12) -> work factor 12", "no hash")

    # sha512crypt
    k = "sha512crypt"
    pws = [rand_password() for _ in range(8)]
    tmpl = ["{sh}", "{h}", "user {u} password hash {h}", "usermod -p '{h}' {u}", '{"name": "{u}", "password": "{h}"}',
            "{sh}", "chpasswd -e <<< '{u}:{h}'", "cloud-init passwd: {h}"]
    for i, t in enumerate(tmpl):
        salt = rs(16 if i % 2 else rng.randint(8, 16), CRYPT64[2:])
        rounds = 5000
        h = sha_crypt(pws[i], salt, "sha512", rounds)
        if i == 5:
            h = sha_crypt(pws[i], salt, "sha512", 10000, True)
        u = pick(users)
        P(k, fill(t, h=h, u=u, sh=shadow(u, h)), "real SHA-512-crypt of a random password")
    N(k, f"root:!:{rng.randint(18000, 20100)}:0:99999:7:::", "locked account, no hash")
    N(k, f"svc_backup:*:{rng.randint(18000, 20100)}:0:99999:7:::", "no password set")
    N(k, "ENCRYPT_METHOD SHA512 set in /etc/login.defs", "config only")
    N(k, "crypt salt template $6$rounds=656000$ configured", "setting string, no hash")
    N(k, f"mkpasswd salt-only input: $6${rs(16, CRYPT64[2:])}$", "salt-only config string, no hash")

    # sha256crypt
    k = "sha256crypt"
    tmpl = ["{sh}", "{h}", "passlib verify ok for {u} using {h}", 'hashed="{h}"', "{u}:{h}",
            "password: {h}", "ldap userPassword {CRYPT}{h}", "{sh}"]
    for i, t in enumerate(tmpl):
        salt = rs(16, CRYPT64[2:])
        explicit = i in (2, 5)
        h = sha_crypt(rand_password(), salt, "sha256", 535000 if explicit and i == 2 else (80000 if explicit else 5000), explicit)
        u = pick(users)
        P(k, fill(t, h=h, u=u, sh=shadow(u, h)), "real SHA-256-crypt ($5$)")
    N(k, "crypt config: $5$rounds=535000$", "setting string, no hash")
    N(k, "passlib sha256_crypt default_rounds=535000", "config only")
    N(k, f"sha256 {rs(64, HEXL)}  installer.iso", "file checksum, not a password hash")
    N(k, f"{pick(users)}:$5${rs(16, CRYPT64[2:])}$" + "*" * 43 + ":19876:0:99999:7:::", "masked hash")
    N(k, "ENCRYPT_METHOD SHA256", "config only")

    # md5crypt
    k = "md5crypt"
    tmpl = ["{sh}", "{h}", "username admin secret 5 {h}", "{u}:{h}", "enable secret 5 {h}", 'pw_hash = "{h}"',
            "old md5-crypt hash {h} found for {u}", "{sh}"]
    for i, t in enumerate(tmpl):
        salt = rs(8 if i != 2 and i != 4 else 4, CRYPT64[2:])
        h = md5_crypt(rand_password(), salt)
        u = pick(users)
        P(k, fill(t, h=h, u=u, sh=shadow(u, h)), "real md5crypt ($1$), Cisco type 5 uses the same format")
    N(k, f"md5 {rs(32, HEXL)}  ./release-2.4.1.tar.gz", "file md5, not a password hash")
    N(k, f"salt-only string $1${rs(8, CRYPT64[2:])}$", "no hash part")
    N(k, "obsolete MD5-crypt ($1$) hashes found: 12 accounts", "prefix mention")
    N(k, "htpasswd -m uses the $apr1$ format", "prefix mention")
    N(k, "service password-encryption enabled; enable secret 5 configured", "no hash")

    # yescrypt
    k = "yescrypt"
    tmpl = ["{sh}", "{h}", "{u}:{h}", "chpasswd -e: {u}:{h}", '{"passwd": "{h}"}', "shadow entry {sh}",
            "autoinstall identity password: {h}", "{sh}"]
    for i, t in enumerate(tmpl):
        h = f"$y$j9T${yes_b64(rbytes(16))}${yes_b64(rbytes(32))}"
        u = pick(users)
        P(k, fill(t, h=h, u=u, sh=shadow(u, h)), "yescrypt: $y$j9T$ + 22-char salt + 43-char hash (shape only)")
    N(k, "YESCRYPT_COST_FACTOR 5 in login.defs", "config only")
    N(k, "pam_unix: hashing algorithm yescrypt selected", "no hash")
    N(k, f"salt template $y$j9T${yes_b64(rbytes(16))}$", "salt only, no hash")
    N(k, "libxcrypt supports $y$, $gy$, $7$ prefixes", "prefix mention")
    N(k, f"{pick(users)}:!*:{rng.randint(18000, 20100)}::::::", "locked, no hash")

    # argon2
    k = "argon2"
    params = ["m=65536,t=3,p=4", "m=19456,t=2,p=1", "m=47104,t=1,p=1", "m=102400,t=2,p=8", "m=65536,t=2,p=1",
              "m=4096,t=3,p=1", "m=262144,t=4,p=2", "m=65536,t=3,p=4"]
    tmpl = ["{h}", "password_hash={h}", '{"id": {e}, "password": "{h}"}', "UPDATE accounts SET pw='{h}' WHERE id={e}",
            "keycloak credential secret_data hash {h}", "{u}:{h}", "verify failed for stored {h}", "hash: {h}"]
    for i, t in enumerate(tmpl):
        var = ["argon2id", "argon2id", "argon2i", "argon2id", "argon2d", "argon2id", "argon2i", "argon2id"][i]
        h = f"${var}$v=19${params[i]}${b64s_nopad(rbytes(16))}${b64s_nopad(rbytes(32))}"
        P(k, fill(t, h=h, u=pick(users), e=rd(5)), "Argon2 PHC string, salt 16B / hash 32B base64 no padding")
    N(k, "argon2id parameters: m=65536,t=3,p=4", "params only")
    N(k, "hash prefix $argon2id$v=19$m=65536,t=3,p=4$ configured", "params only, no salt/hash")
    N(k, "password_hash=$argon2id$v=19$m=65536,t=3,p=4$<redacted>", "redacted")
    N(k, "Argon2 version 0x13 (19) selected", "no hash")
    N(k, "hash_algorithm=argon2id iterations=3 memory_kib=65536", "no hash")

    # pbkdf2
    k = "pbkdf2"
    its = [600000, 720000, 870000, 390000, 260000, 29000, 25000, 600000]
    for i in range(8):
        pw = rand_password().encode()
        if i < 5:
            salt = rs(22, ALNUM)
            dk = hashlib.pbkdf2_hmac("sha256", pw, salt.encode(), its[i])
            h = f"pbkdf2_sha256${its[i]}${salt}${b64s(dk)}"
            note = "Django pbkdf2_sha256$iter$salt$base64(hash), real PBKDF2"
        elif i in (5, 6):
            alg = "sha256" if i == 5 else "sha512"
            salt = rbytes(16)
            dk = hashlib.pbkdf2_hmac(alg, pw, salt, its[i])
            ab64 = lambda b: b64s_nopad(b).replace("+", ".")
            h = f"$pbkdf2-{alg}${its[i]}${ab64(salt)}${ab64(dk)}"
            note = "passlib PHC-like $pbkdf2-sha256$ (adapted base64), real PBKDF2"
        else:
            salt = rs(16, ALNUM)
            dk = hashlib.pbkdf2_hmac("sha256", pw, salt.encode(), its[i])
            h = f"pbkdf2:sha256:{its[i]}${salt}${dk.hex()}"
            note = "Werkzeug pbkdf2:sha256:iter$salt$hex, real PBKDF2"
        t = ["{h}", "auth_user.password = '{h}'", '{"model": "auth.user", "fields": {"password": "{h}"}}',
             "user {u} hash {h}", "password={h}", "{h}", "stored credential: {h}", "pw_hash={h}"][i]
        P(k, fill(t, h=h, u=pick(users)), note)
    N(k, "PASSWORD_HASHERS[0]=django.contrib.auth.hashers.PBKDF2PasswordHasher", "config only")
    N(k, "pbkdf2_sha256 iterations increased from 600000 to 720000", "no hash")
    N(k, "auth_user.password = 'pbkdf2_sha256$720000$********'", "masked")
    N(k, "PBKDF2-HMAC-SHA256 benchmark: 720000 iterations in 412 ms", "no hash")
    N(k, "django check: default hasher pbkdf2_sha256 (no stored hash changed)", "no hash")

    # NTLM / pwdump
    k = "ntlm_pwdump"
    LM0 = "aad3b435b51404eeaad3b435b51404ee"
    rows = [("Administrator", 500), ("svc_sql", 1104), ("jsmith", 1107), ("krbtgt", 502), ("backup_adm", 1122),
            ("helpdesk01", 1310), ("WS-FIN-07$", 1415), ("svc_iis", 1188)]
    tmpl = ["{u}:{r}:{lm}:{nt}:::", "CORP\\{u}:{r}:{lm}:{nt}:::", "[*] Dumping local SAM hashes ... {u}:{r}:{lm}:{nt}:::",
            "{u}:{r}:{lm}:{nt}:::", "secretsdump output: corp.local\\{u}:{r}:{lm}:{nt}:::",
            "* Username : {u}  * Domain : CORP  * NTLM : {nt}", "hashcat -m 1000 {nt} wordlist.txt  # {u}",
            "{u}:{r}:{lm}:{nt}:::"]
    for i, t in enumerate(tmpl):
        u, r = rows[i]
        nt = nt_hash(rand_password())
        P(k, fill(t, u=u, r=r, lm=LM0, nt=nt), "pwdump line with real NT hash (MD4 of UTF-16LE); LM field is the empty-LM constant")
    N(k, "Administrator:500:NO PASSWORD*********************:NO PASSWORD*********************:::", "pwdump 'NO PASSWORD' placeholders")
    N(k, "NTLM authentication failed for account CORP\\svc_sql (status 0xC000006A)", "no hash")
    N(k, "LM hash storage disabled (NoLMHash=1)", "no hash")
    N(k, "NTLMv2 negotiated, session key length 128", "no hash")
    N(k, "Event 4776: credential validation for account svc_sql, error code 0x0", "no hash")


# =====================================================================
# 3. Passwords in context
# =====================================================================
def sec_password_context():
    k = "password_cli"
    cl = [
        "mysql -uroot -p{p} -h db-primary.internal app",
        "sshpass -p '{p}' ssh -o StrictHostKeyChecking=no deploy@bastion01",
        'Process Create: CommandLine="net user {u} {p} /add"',
        "Set-ADAccountPassword -Identity {u} -Reset -NewPassword (ConvertTo-SecureString '{p}' -AsPlainText -Force)",
        "docker login registry.corp.internal -u ci-bot --password {p}",
        "redis-cli -h cache01 -a {p} PING",
        "cmdline: mongosh --username admin --password '{p}' --authenticationDatabase admin",
        "curl -u {u}:{p} https://reports.corp.internal/api/export",
        "openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.p12 -passout pass:{p}",
        "htpasswd -b -c /etc/nginx/.htpasswd {u} {p}",
        "exec: mysqldump -u backup --password={p} --all-databases",
        "wget --http-user=ops --http-password={p} https://artifacts.corp.internal/build.tar.gz",
        "New-LocalUser -Name {u} -Password (ConvertTo-SecureString \"{p}\" -AsPlainText -Force)",
    ]
    for t in cl:
        pw = rand_password()
        pw = pw.replace("'", "").replace('"', "")
        P(k, fill(t, p=pw, u=rand_user()), "plaintext password on a command line")
    N(k, "mysql -u root -p -h db-primary.internal", "-p without value prompts for the password")
    N(k, "docker login -u ci-bot --password-stdin registry.corp.internal", "password read from stdin")
    N(k, "vault-agent --password-file /etc/x", "path to a password file")
    N(k, "docker run -d -p 8080:80 nginx:1.25", "-p is a port mapping")
    N(k, "ssh -p 2222 bastion01", "-p is a port")
    N(k, "mysql -u app --password=${DB_PASSWORD} app", "environment variable reference")
    N(k, "sshpass -f /run/secrets/ssh_pw ssh bastion01", "password read from file")
    N(k, "iperf3 -c perf01 -p 5201 -t 30", "-p is a port")

    k = "password_log"
    tl = ["Password supplied: '{p}'", "password={p}", "passwd: {p}", "DEBUG auth attempt user={u} password={p}",
          '{"username": "{u}", "password": "{p}"}', "FTP session 4411: PASS {p}",
          "Temporary password for account {u}: {p}", "smtp auth: user=mailer pass={p}",
          "login form submitted: user={u}&pwd={p}", "reset link used, new password is {p}"]
    for t in tl:
        pw = rand_password().replace("'", "").replace('"', "").replace("&", "")
        P(k, fill(t, p=pw, u=rand_user()), "plaintext password in a log message")
    N(k, "password=****", "masked")
    N(k, "password=<redacted>", "redacted")
    N(k, "password=${DB_PASSWORD}", "variable reference")
    N(k, "Password changed successfully for account 4412", "event text, no password")
    N(k, "password expired; user must reset at next logon", "event text")
    N(k, "password policy: minimum length 14, complexity enabled", "policy text")
    N(k, "Invalid password (attempt 3 of 5)", "event text")
    N(k, "password: [FILTERED]", "filtered by Rails parameter filter")

    k = "connection_string"
    def q(s): return urllib.parse.quote(s, safe="")
    tc = [
        "jdbc:mysql://db-primary.internal:3306/app?user=app&password={p}&useSSL=true",
        "jdbc:sqlserver://sql01.corp.internal:1433;databaseName=hr;user=sa;password={p};encrypt=true",
        "Server=sql01.corp.internal;Database=Payroll;User Id=payroll_svc;Password={p};TrustServerCertificate=True",
        "connecting to postgres://app_rw:{qp}@pg-main.internal:5432/orders",
        "DATABASE_URL=postgresql://etl:{qp}@warehouse.internal:5432/dw?sslmode=require",
        "mongodb+srv://svc_api:{qp}@cluster0.ab12c.mongodb.net/prod?retryWrites=true",
        "redis://:{qp}@cache01.internal:6379/0",
        "broker_url = amqp://celery:{qp}@rabbit.internal:5672//",
        "Data Source=ora-prod;User ID=scott;Password={p};",
        "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql02;UID=report;PWD={p}",
        "sqlalchemy.url = mssql+pyodbc://sa:{qp}@sql03.internal/inventory?driver=ODBC+Driver+18",
        "jdbc:postgresql://pg-main.internal:5432/app?user=app&password={p}",
    ]
    for t in tc:
        pw = rand_password().replace(";", "").replace("&", "").replace("'", "")
        pw = pw.replace("=", "").replace("}", "").replace("{", "")
        P(k, fill(t, p=pw, qp=q(pw)), "connection string / URL carrying a password")
    N(k, "connecting to postgres://app@pg-main.internal:5432/orders", "no password in URL")
    N(k, "postgres://app:****@pg-main.internal:5432/orders", "masked")
    N(k, "jdbc:postgresql://pg-main.internal:5432/app?user=app&password=${DB_PASS}", "variable reference")
    N(k, "Server=sql01;Database=hr;Integrated Security=SSPI;", "Windows integrated auth, no password")
    N(k, "mongodb://mongo-0.mongo:27017/?replicaSet=rs0", "no credentials")
    N(k, "redis://cache01.internal:6379/0", "no credentials")
    N(k, "Server=sql01;Database=hr;User Id=hr_app;Password=<redacted>;", "redacted")

    k = "api_key_flag"
    ta = [
        "ngrok http 8080 --authtoken {t}",
        "deploy-cli push --api-key {t} --env prod",
        "./agent --auth-token={t} --server https://ci.corp.internal",
        "curl -H 'X-API-Key: {t}' https://api.partner-svc.net/v2/orders",
        "vercel deploy --prod --token {t}",
        "npm config set //registry.npmjs.org/:_authToken={t}",
        "Process Create: CommandLine=\"backup.exe --api-key={t} --target s3\"",
        "kubectl --token={t} get pods -n payments",
        "terraform-provider: using --auth-token {t}",
    ]
    for i, t in enumerate(ta):
        tok = [rs(32, HEXL), rs(40, ALNUM), rs(48, B64URL), rs(36, ALNUM)][i % 4]
        P(k, fill(t, t=tok), "credential passed as a command-line flag / header")
    N(k, "deploy-cli push --api-key-file /etc/deploy/key --env prod", "path to key file")
    N(k, "deploy-cli push --api-key $API_KEY --env prod", "variable reference")
    N(k, "./agent --auth-token=<redacted>", "redacted")
    N(k, "vault token create --ttl 3600 --token-ttl 3600", "token-ttl is a duration")
    N(k, "./agent --auth-token ********", "masked")
    N(k, "run: deploy --api-key=${{ secrets.DEPLOY_KEY }}", "GitHub Actions secret reference")

    k = "basic_auth"
    tb = ["Authorization: Basic {b}", "Proxy-Authorization: Basic {b}", "curl -H 'Authorization: Basic {b}' https://jenkins.corp.internal/api/json",
          '{"headers": {"Authorization": "Basic {b}"}}', "GET /metrics HTTP/1.1 Host: prom01 Authorization: Basic {b}",
          "request headers: authorization=Basic {b}", "CONNECT upstream:443 HTTP/1.1 Proxy-Authorization: Basic {b}",
          "git -c http.extraHeader='Authorization: Basic {b}' clone https://git.corp.internal/app.git"]
    for t in tb:
        cred = f"{rand_user()}:{rand_password()}"
        P(k, fill(t, b=b64s(cred.encode())), "HTTP Basic credentials (base64 of user:password)")
    N(k, "Authorization: Basic <redacted>", "redacted")
    N(k, 'WWW-Authenticate: Basic realm="Restricted"', "challenge, no credentials")
    N(k, "Authorization: Bearer ***", "masked")
    N(k, "auth scheme Basic not supported by upstream", "no credentials")
    N(k, "Proxy-Authorization: Basic ****", "masked")
    N(k, "401 Unauthorized: missing Authorization header", "no credentials")

    k = "session_cookie"
    def express_sid():
        sid = b64u(rbytes(24))
        sig = b64s_nopad(hmac.new(rbytes(32), sid.encode(), hashlib.sha256).digest())
        return "connect.sid=" + urllib.parse.quote("s:" + sid + "." + sig, safe="")
    def laravel():
        payload = json.dumps({"iv": b64s(rbytes(16)), "value": b64s(rbytes(48)), "mac": rs(64, HEXL), "tag": ""},
                             separators=(",", ":"))
        return "laravel_session=" + urllib.parse.quote(b64s(payload.encode()), safe="")
    def rails():
        return "_myapp_session=" + urllib.parse.quote(f"{b64s(rbytes(60))}--{b64s(rbytes(12))}--{b64s(rbytes(16))}", safe="")
    sc = [
        ("Cookie: {c}", express_sid), ("Set-Cookie: {c}; Path=/; HttpOnly", lambda: "PHPSESSID=" + rs(26, "0123456789abcdefghijklmnopqrstuv")),
        ("Cookie: {c}", lambda: "JSESSIONID=" + rs(32, HEXU)), ("request cookie {c}", laravel),
        ("Cookie: {c}; theme=dark", rails), ("Set-Cookie: {c}; Path=/; Secure; HttpOnly", lambda: "JSESSIONID=node0" + rs(26, LOWNUM) + ".node0"),
        ("curl -b '{c}' https://shop.corp.internal/cart", lambda: "PHPSESSID=" + rs(32, LOWNUM)),
        ("Cookie: {c}", lambda: "ASP.NET_SessionId=" + rs(24, "abcdefghijklmnopqrstuvwxyz012345")),
        ("Cookie: csrftoken={x}; {c}", lambda: "sessionid=" + rs(32, LOWNUM)), ("hijack attempt with {c}", express_sid),
    ]
    for t, fn in sc:
        P(k, fill(t, c=fn(), x=rs(32, ALNUM)), "session cookie value (bearer credential)")
    N(k, "Set-Cookie: PHPSESSID=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT", "deletion marker")
    N(k, "Set-Cookie: JSESSIONID=; Max-Age=0; Path=/", "empty value")
    N(k, "Cookie: theme=dark; lang=en-US", "non-session cookies")
    N(k, "session cookie 'connect.sid' missing from request", "cookie name only")
    N(k, "Cookie: JSESSIONID=<redacted>", "redacted")
    N(k, "laravel_session cookie expired after 120 minutes", "cookie name only")


# =====================================================================
# 4. Token formats
# =====================================================================
GEN = [
    "{t}",
    "{env}={t}",
    'export {env}="{t}"',
    '{"{jkey}": "{t}"}',
    "config loaded: {jkey}={t} source=env",
    "{t}  # TODO rotate before release",
    'level=error msg="upstream rejected credentials" {jkey}={t}',
    "leaked credential found in build log: {t}",
    "{jkey}: {t}",
]


def tokens(kind, gen, env, jkey, custom, note, bare=True, n=8, generic=True):
    gens = [g for g in GEN if bare or g != "{t}"] if generic else []
    gens = gens[:]
    rng.shuffle(gens)
    tmpls = custom + gens
    for i in range(n):
        tok = gen(i)
        P(kind, fill(tmpls[i % len(tmpls)], t=tok, env=env, jkey=jkey), note)


def b62_6(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(6, "0")


def gh_token(prefix):
    ent = rs(30, B62)
    return prefix + ent + b62_6(zlib.crc32(ent.encode()))


def sec_tokens():
    tokens("aws_secret_key", lambda i: rs(40, ALNUM + "+/"), "AWS_SECRET_ACCESS_KEY", "aws_secret_access_key",
           ["aws_secret_access_key = {t}", "AWS_ACCESS_KEY_ID=AKIA" + rs(16, UP + "234567") + " AWS_SECRET_ACCESS_KEY={t}",
            '{"AccessKeyId": "AKIA' + rs(16, UP + "234567") + '", "SecretAccessKey": "{t}"}',
            "AKIA" + rs(16, UP + "234567") + ",{t}",
            "aws configure set aws_secret_access_key {t}", "SecretAccessKey: {t}"],
           "AWS secret access key (40 chars base64-ish) in context", bare=False, generic=False)
    P("aws_secret_key", "export AWS_SECRET_ACCESS_KEY=" + rs(40, ALNUM + "+/"), "AWS secret in env export")
    P("aws_secret_key", "boto3 session created with aws_secret_access_key='" + rs(40, ALNUM + "+/") + "'", "AWS secret")

    prefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "ghp_", "ghs_", "gho_"]
    tokens("github_token", lambda i: gh_token(prefixes[i]), "GITHUB_TOKEN", "token",
           ["git clone https://x-access-token:{t}@github.com/acme/infra.git",
            "curl -H 'Authorization: token {t}' https://api.github.com/user"],
           "GitHub token: prefix + 30 base62 + 6-char base62 CRC32 checksum")
    tokens("github_token", lambda i: "github_pat_" + rs(22, ALNUM) + "_" + rs(59, ALNUM), "GH_TOKEN", "github_token",
           ["gh auth login --with-token <<< {t}"], "fine-grained PAT github_pat_ 22 + _ + 59", n=3)

    tokens("gitlab_pat", lambda i: "glpat-" + rs(20, ALNUM + "-_"), "GITLAB_TOKEN", "private_token",
           ["curl --header 'PRIVATE-TOKEN: {t}' https://gitlab.corp.internal/api/v4/projects",
            "git remote add origin https://oauth2:{t}@gitlab.com/acme/app.git"],
           "GitLab PAT glpat- + 20 chars")

    def slack(i):
        if i % 2 == 0:
            return f"xoxb-{rd(rng.randint(10, 13), '123456789')}-{rd(rng.randint(10, 13), '123456789')}-{rs(24, ALNUM)}"
        return (f"xoxp-{rd(rng.randint(10, 13), '123456789')}-{rd(rng.randint(10, 13), '123456789')}-"
                f"{rd(rng.randint(10, 13), '123456789')}-{rs(32, HEXL)}")
    tokens("slack_token", slack, "SLACK_BOT_TOKEN", "slack_token",
           ["curl -H 'Authorization: Bearer {t}' https://slack.com/api/chat.postMessage"],
           "Slack xoxb-/xoxp- token")

    def stripe(i):
        pre = "sk_live_" if i % 3 != 2 else "rk_live_"
        return pre + (rs(24, ALNUM) if i % 2 == 0 else "51" + rs(97, ALNUM))
    tokens("stripe_key", stripe, "STRIPE_SECRET_KEY", "stripe_secret",
           ["Stripe::API.key = '{t}'", "curl https://api.stripe.com/v1/charges -u {t}:"],
           "Stripe live secret/restricted key")

    tokens("google_api_key", lambda i: "AIza" + ("Sy" + rs(33, ALNUM + "-_") if i % 2 == 0 else rs(35, ALNUM + "-_")),
           "GOOGLE_API_KEY", "api_key",
           ["GET https://maps.googleapis.com/maps/api/geocode/json?address=Lisbon&key={t}"],
           "Google API key AIza + 35 chars")

    def openai(i):
        if i % 2 == 0:
            return "sk-" + rs(20, ALNUM) + "T3BlbkFJ" + rs(20, ALNUM)
        n = 74 if i % 4 == 1 else 58
        return "sk-proj-" + rs(n, ALNUM + "-_") + "T3BlbkFJ" + rs(n, ALNUM + "-_")
    tokens("openai_key", openai, "OPENAI_API_KEY", "openai_api_key", [], "OpenAI key (legacy sk-…T3BlbkFJ… or sk-proj-)")

    def anth(i):
        pre = "sk-ant-api03-" if i != 5 else "sk-ant-admin01-"
        return pre + rs(93, ALNUM + "-_") + "AA"
    tokens("anthropic_key", anth, "ANTHROPIC_API_KEY", "anthropic_api_key", ["x-api-key: {t}"],
           "Anthropic key sk-ant-api03- + 93 + AA")

    tokens("okta_ssws", lambda i: "00" + rs(40, ALNUM + "-_"), "OKTA_API_TOKEN", "okta_token",
           ["Authorization: SSWS {t}", "curl -H 'Authorization: SSWS {t}' https://acme.okta.com/api/v1/users",
            "GET /api/v1/groups authorization=SSWS {t}", "okta api call failed, header Authorization: SSWS {t}"],
           "Okta API token (00 + 40) in SSWS context", bare=False)

    tokens("azure_devops_pat", lambda i: rs(52, "abcdefghijklmnopqrstuvwxyz234567"), "AZURE_DEVOPS_EXT_PAT", "azure_devops_pat",
           ["git clone https://build:{t}@dev.azure.com/contoso/Payments/_git/api",
            "echo {t} | az devops login --organization https://dev.azure.com/contoso",
            "SYSTEM_ACCESSTOKEN={t}", "AZURE_DEVOPS_EXT_PAT={t}"],
           "Azure DevOps PAT: 52 chars base32 lowercase, in context", bare=False)

    tokens("facebook_token", lambda i: "EAA" + pick("BCGJI") + rs(rng.randint(150, 190), ALNUM), "FB_ACCESS_TOKEN", "access_token",
           ["GET https://graph.facebook.com/v19.0/me?access_token={t}"],
           "Meta/Facebook access token EAA…")

    def age_key(i):
        return bech_encode("age-secret-key-", convertbits(rbytes(32), 8, 5)).upper()
    tokens("age_secret_key", age_key, "SOPS_AGE_KEY", "age_identity",
           ["# created: 2024-05-02T10:11:12Z\n{t}"], "age X25519 identity, bech32 (hrp age-secret-key-) valid checksum")

    def k8s(i): return rs(6, LOWNUM) + "." + rs(16, LOWNUM)
    tokens("k8s_bootstrap_token", k8s, "KUBEADM_TOKEN", "token",
           ["kubeadm join k8s-api.corp.internal:6443 --token {t} --discovery-token-ca-cert-hash sha256:" + rs(64, HEXL),
            "kubeadm token create --print-join-command -> token {t}",
            "bootstrap token {t} created, ttl 24h", "kubelet --bootstrap-token={t}",
            "Authorization: Bearer {t}", "kubeadm init --token {t}", "join-token: {t}", "--token {t}"],
           "Kubernetes bootstrap token [a-z0-9]{6}.[a-z0-9]{16} in context", bare=False, generic=False)

    tokens("braintree_token", lambda i: f"access_token$production${rs(16, LOWNUM)}${rs(32, HEXL)}", "BRAINTREE_ACCESS_TOKEN",
           "braintree_access_token", [], "Braintree production access token")

    tokens("buildkite_token", lambda i: "bkua_" + rs(40, HEXL), "BUILDKITE_API_TOKEN", "buildkite_token",
           ["curl -H 'Authorization: Bearer {t}' https://api.buildkite.com/v2/organizations"], "Buildkite user token bkua_ + 40 hex")

    tokens("circleci_token", lambda i: "CCIPAT_" + rs(22, B58) + "_" + rs(40, HEXL), "CIRCLECI_TOKEN", "circle_token",
           ["curl -H 'Circle-Token: {t}' https://circleci.com/api/v2/me"], "CircleCI personal token CCIPAT_<22 base58 (UUID)>_<40 hex>")

    tokens("airtable_pat", lambda i: "pat" + rs(14, ALNUM) + "." + rs(64, HEXL), "AIRTABLE_API_KEY", "airtable_token", [],
           "Airtable PAT pat + 14 + . + 64 hex")

    tokens("supabase_token", lambda i: "sbp_" + rs(40, HEXL), "SUPABASE_ACCESS_TOKEN", "supabase_token",
           ["supabase login --token {t}"], "Supabase management token sbp_ + 40 hex")

    tokens("netlify_token", lambda i: "nfp_" + rs(36, ALNUM), "NETLIFY_AUTH_TOKEN", "netlify_token",
           ["netlify deploy --prod --auth {t}"], "Netlify PAT nfp_ + 36")

    tokens("nuget_key", lambda i: "oy2" + rs(43, LOWNUM), "NUGET_API_KEY", "nuget_api_key",
           ["dotnet nuget push pkg.1.2.0.nupkg --api-key {t} --source https://api.nuget.org/v3/index.json"],
           "NuGet API key oy2 + 43 lowercase alnum")

    def fly(i):
        if i % 2 == 0:
            return "fo1_" + rs(43, ALNUM + "-_")
        return ("FlyV1 fm2_" + b64s(b"\x94\x93\xc4" + rbytes(rng.randint(90, 120))) + ",fm2_"
                + b64s(b"\x94\x93\xc4" + rbytes(rng.randint(40, 60))))
    tokens("flyio_token", fly, "FLY_API_TOKEN", "fly_token",
           ["flyctl deploy --access-token '{t}'", "Authorization: {t}"], "Fly.io token fo1_ / FlyV1 fm2_ macaroon")

    tokens("dynatrace_token", lambda i: "dt0c01." + rs(24, UP + DIG) + "." + rs(64, UP + DIG), "DT_API_TOKEN", "api_token",
           ["Authorization: Api-Token {t}"], "Dynatrace token dt0c01.24.64")

    OP = "23456789ABCDEFGHJKLMNPQRSTVWXYZ"
    tokens("onepassword_secret_key",
           lambda i: "A3-" + "-".join([rs(6, OP), rs(6, OP), rs(5, OP), rs(5, OP), rs(5, OP), rs(5, OP)]),
           "OP_SECRET_KEY", "secret_key", ["1Password Secret Key: {t}", "op account add --secret-key {t}"],
           "1Password Secret Key A3-6-6-5-5-5-5")

    def vault(i):
        if i % 3 == 0:
            return "hvs." + rs(24, ALNUM)
        if i % 3 == 1:
            return "hvs.CAESI" + rs(86, ALNUM + "-_")
        return "s." + rs(24, ALNUM)
    tokens("vault_token", vault, "VAULT_TOKEN", "vault_token",
           ["X-Vault-Token: {t}", "vault login {t}", "VAULT_TOKEN={t} vault kv get secret/prod/db"],
           "HashiCorp Vault token hvs. / legacy s. in context", bare=False)

    tokens("razorpay_key", lambda i: "rzp_live_" + rs(14, ALNUM), "RAZORPAY_KEY_ID", "razorpay_key",
           ["curl -u {t}:" + rs(24, ALNUM) + " https://api.razorpay.com/v1/payments"], "Razorpay live key id rzp_live_ + 14")

    def jwt(i):
        alg = ["HS256", "ES256", "HS512", "HS256"][i % 4]
        hdr = {"alg": alg, "typ": "JWT"}
        if i % 3 == 1:
            hdr["kid"] = rs(8, LOWNUM)
        iat = rng.randint(1700000000, 1730000000)
        pl = {"sub": rd(8, "123456789"), "iat": iat, "exp": iat + pick([900, 3600, 86400]),
              "iss": pick(["https://auth.corp.internal", "https://login.acme-apps.net", "payments-api"])}
        if i % 2:
            pl["scope"] = pick(["read:orders write:orders", "admin", "openid profile"])
        si = b64u(json.dumps(hdr, separators=(",", ":")).encode()) + "." + b64u(json.dumps(pl, separators=(",", ":")).encode())
        if alg.startswith("HS"):
            sig = hmac.new(rbytes(32), si.encode(), hashlib.sha256 if alg == "HS256" else hashlib.sha512).digest()
        else:
            sig = rbytes(64)
        return si + "." + b64u(sig)
    tokens("jwt", jwt, "ID_TOKEN", "access_token", ["Authorization: Bearer {t}", "Set-Cookie: auth={t}; HttpOnly"],
           "JWT with real JSON header/payload and signature")

    def jwe(i):
        mode = i % 3
        if mode == 0:
            hdr, ek = {"alg": "A256KW", "enc": "A256GCM"}, b64u(rbytes(40))
        elif mode == 1:
            hdr, ek = {"alg": "dir", "enc": "A128CBC-HS256"}, ""
        else:
            hdr, ek = {"alg": "A128KW", "enc": "A128GCM", "kid": rs(6, LOWNUM)}, b64u(rbytes(24))
        iv = b64u(rbytes(16 if mode == 1 else 12))
        return ".".join([b64u(json.dumps(hdr, separators=(",", ":")).encode()), ek, iv,
                         b64u(rbytes(rng.randint(40, 110))), b64u(rbytes(16))])
    tokens("jwe", jwe, "SESSION_TOKEN", "id_token", ["Authorization: Bearer {t}"], "JWE compact serialization (5 parts)")

    k = "jwk_private"
    for i in range(8):
        if i < 4:
            n, e, d, p, q = rsa_key(512)
            jw = {"kty": "RSA", "kid": rs(6, LOWNUM), "n": b64u(i2b(n)), "e": b64u(i2b(e)), "d": b64u(i2b(d)),
                  "p": b64u(i2b(p)), "q": b64u(i2b(q))}
            note = "RSA JWK with private members d/p/q (real 512-bit key to fit length)"
        elif i < 7:
            d, x, y = ec_key()
            jw = {"kty": "EC", "crv": "P-256", "x": b64u(i2b(x, 32)), "y": b64u(i2b(y, 32)), "d": b64u(i2b(d, 32))}
            note = "EC P-256 JWK with private d (real point)"
        else:
            jw = {"kty": "OKP", "crv": "Ed25519", "d": b64u(rbytes(32)), "x": b64u(rbytes(32))}
            note = "OKP Ed25519 JWK with private d (x not derived)"
        s = json.dumps(jw, separators=(",", ":"))
        s = [s, "jwks private key loaded: " + s, '{"keys":[' + s + "]}"][i % 3] if len(s) < 330 else s
        P(k, s, note)

    k = "docker_config_auth"
    regs = ["https://index.docker.io/v1/", "ghcr.io", "registry.gitlab.com", "quay.io", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "registry.corp.internal:5000", "myregistry.azurecr.io", "europe-docker.pkg.dev"]
    for i, r in enumerate(regs):
        u = rand_user() if i % 2 else pick(["AWS", "_json_key_base64", "oauth2accesstoken", "00000000-0000-0000-0000-000000000000"])
        cred = b64s(f"{u}:{rand_password() if i % 3 else rs(36, ALNUM)}".encode())
        s = json.dumps({"auths": {r: {"auth": cred}}}, separators=(",", ":") if i % 2 else (", ", ": "))
        P(k, s if i % 3 else "DOCKER_AUTH_CONFIG=" + s, "Docker config.json with base64 user:password auth")

    k = "private_key_pem"
    for i in range(3):
        d, x, y = ec_key()
        body = pem("EC PRIVATE KEY", ec_sec1_der(d, x, y), nl="\n" if i != 1 else "\\n")
        P(k, body if i == 0 else ("ssl_key=" + body if i == 1 else "loaded key material: " + body), "real SEC1 EC private key")
    for i in range(2):
        der = bytes.fromhex("302e020100300506032b657004220420") + rbytes(32)
        P(k, pem("PRIVATE KEY", der) if i == 0 else '{"private_key": "' + pem("PRIVATE KEY", der, nl="\\n") + '"}',
          "PKCS#8 Ed25519 private key")
    for i in range(2):
        body = "MIIEpAIBAAKCAQEA" + b64s(rbytes(144))[:48] + "\n" + b64s(rbytes(96))[:64] + "\n" + b64s(rbytes(96))[:64]
        P(k, "-----BEGIN RSA PRIVATE KEY-----\n" + body + ("\n...[truncated]" if i == 0 else "\n-----END RSA PRIVATE KEY-----"),
          "PKCS#1 RSA private key (2048-bit DER prefix, body truncated to fit)")
    P(k, pem("OPENSSH PRIVATE KEY", openssh_ed25519_blob(), width=70), "unencrypted openssh-key-v1 ed25519 private key")

    tokens("sendgrid_key", lambda i: "SG." + rs(22, ALNUM + "-_") + "." + rs(43, ALNUM + "-_"), "SENDGRID_API_KEY",
           "sendgrid_api_key", [], "SendGrid SG.22.43")
    tokens("twilio_key", lambda i: "SK" + rs(32, HEXL), "TWILIO_API_KEY", "twilio_api_key",
           ["twilio api key sid {t} secret " + rs(32, ALNUM)], "Twilio API key SID SK + 32 hex")
    tokens("npm_token", lambda i: gh_token("npm_"), "NPM_TOKEN", "npm_token",
           ["//registry.npmjs.org/:_authToken={t}"], "npm token npm_ + 36 (CRC32-style checksum as GitHub)")

    def pypi(i):
        ident = str(uuid.UUID(int=rng.getrandbits(128), version=4)).encode()
        cav = json.dumps(pick([{"permissions": "user", "version": 1},
                               {"permissions": {"projects": [pick(["acme-utils", "fastlog", "pyconf"])]}, "version": 1}]),
                         separators=(",", ":")).encode()
        raw = (b"\x02" + b"\x01" + bytes([8]) + b"pypi.org" + b"\x02" + bytes([len(ident)]) + ident + b"\x00"
               + b"\x02" + bytes([len(cav)]) + cav + b"\x00" + b"\x00" + b"\x06" + bytes([32]) + rbytes(32))
        return "pypi-" + b64u(raw)
    tokens("pypi_token", pypi, "TWINE_PASSWORD", "pypi_token", ["twine upload -u __token__ -p {t} dist/*"],
           "PyPI API token: pypi- + base64url macaroon v2 (location pypi.org)")

    tokens("shopify_token", lambda i: pick(["shpat_", "shpat_", "shpca_", "shppa_", "shpss_"]) + rs(32, HEXL),
           "SHOPIFY_ACCESS_TOKEN", "shopify_token", ["X-Shopify-Access-Token: {t}"], "Shopify token shpat_ + 32 hex")
    tokens("databricks_token", lambda i: "dapi" + rs(32, HEXL) + ("-" + str(rng.randint(2, 3)) if i % 3 == 0 else ""),
           "DATABRICKS_TOKEN", "databricks_token", [], "Databricks PAT dapi + 32 hex")
    tokens("huggingface_token", lambda i: "hf_" + rs(34, UP + LOW), "HF_TOKEN", "hf_token",
           ["huggingface-cli login --token {t}"], "Hugging Face token hf_ + 34 letters")

    def discord(i):
        ts = rng.randint(1546300800, 1714521600)
        uid = ((ts * 1000 - 1420070400000) << 22) | rng.getrandbits(22)
        p1 = b64s_nopad(str(uid).encode())
        p2 = b64u(struct.pack(">I", ts - 1293840000))
        return f"{p1}.{p2}.{rs(38 if i % 2 else 27, ALNUM + '-_')}"
    tokens("discord_bot_token", discord, "DISCORD_TOKEN", "discord_token",
           ["Authorization: Bot {t}", "client.run('{t}')"], "Discord bot token base64(id).ts.hmac")
    tokens("telegram_bot_token", lambda i: f"{rd(10, '1234567')}:AA{pick('EFGH')}{rs(32, ALNUM + '-_')}", "TELEGRAM_BOT_TOKEN",
           "bot_token", ["POST https://api.telegram.org/bot{t}/sendMessage"], "Telegram bot token id:35 chars")
    tokens("mailgun_key", lambda i: "key-" + rs(32, HEXL), "MAILGUN_API_KEY", "mailgun_api_key",
           ["curl -s --user 'api:{t}' https://api.mailgun.net/v3/mg.corp-mail.net/messages"], "Mailgun key- + 32 hex")

    def heroku(i): return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    tokens("heroku_api_key", heroku, "HEROKU_API_KEY", "heroku_api_key",
           ["HEROKU_API_KEY={t}", "heroku authorizations:create -> Token: {t}",
            "machine api.heroku.com login deploy password {t}", "curl -n https://api.heroku.com/apps -H 'Authorization: Bearer {t}'",
            'export HEROKU_API_KEY="{t}"', "heroku_api_key: {t}", '{"heroku_api_key": "{t}"}', "HEROKU_API_KEY: {t}"],
           "Heroku API key (UUID) in Heroku context", bare=False, generic=False)

    # ---- token look-alikes (clean) ----------------------------------
    k = "token_lookalike"
    N(k, "TGS request for service HTTP/web01.corp.internal@CORP.INTERNAL succeeded", "Kerberos principal")
    N(k, "PublicKey = " + b64s(rbytes(32)), "WireGuard public key")
    N(k, "[Peer] PublicKey = " + b64s(rbytes(32)) + " AllowedIPs = fd00::/64", "WireGuard public key")
    N(k, "recipient: " + bech_encode("age", convertbits(rbytes(32), 8, 5)), "age public key (recipient)")
    N(k, f"SENTRY_DSN=https://{rs(32, HEXL)}@o{rd(6)}.ingest.sentry.io/{rd(7)}", "Sentry DSN (public key)")
    N(k, f"arn:aws:secretsmanager:us-east-1:{rd(12)}:secret:prod/db-{rs(6, ALNUM)}", "ARN naming a secret")
    N(k, "db_password: !vault |", "Ansible vault marker")
    N(k, "$ANSIBLE_VAULT;1.1;AES256", "Ansible vault header")
    N(k, f"added user to group grp-{rd(6)}", "vendor id")
    N(k, f"security group sg-{rs(17, HEXL)} attached to eni-{rs(17, HEXL)}", "AWS resource ids")
    N(k, "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AWS documented example key id")
    N(k, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS documented example secret")
    N(k, "api key ****" + rd(4), "masked")
    N(k, "GITHUB_TOKEN=ghp_" + "*" * 32 + rs(4, ALNUM), "masked GitHub token")
    N(k, f"sha256:{rs(64, HEXL)}  artifact.tar.gz", "sha256 file hash")
    N(k, f"{rs(40, HEXL)}  release.zip (sha1)", "sha1 file hash")
    N(k, f"MD5 ({pick(['setup.exe', 'report.pdf'])}) = {rs(32, HEXL)}", "md5 file hash")
    N(k, f"commit {rs(40, HEXL)} merged into main", "git commit hash")
    N(k, f"request_id={uuid.UUID(int=rng.getrandbits(128), version=4)}", "UUID request id")
    N(k, f"trace_id={rs(32, HEXL)} span_id={rs(16, HEXL)}", "trace ids")
    N(k, f"image nginx@sha256:{rs(64, HEXL)} pulled", "container digest")
    N(k, "kubeadm join k8s-api.corp.internal:6443 --token abcdef.0123456789abcdef", "documented example bootstrap token")
    N(k, "pk_live_" + rs(24, ALNUM) + " loaded in checkout page", "Stripe publishable key (public by design)")
    N(k, "SLACK_BOT_TOKEN=xoxb-your-token-here", "placeholder")
    N(k, "OPENAI_API_KEY=sk-...", "placeholder")
    N(k, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64s(rbytes(32))[:43] + " deploy-key-2024", "SSH public key")
    n_, e_, d_, p_, q_ = rsa_key(512)
    N(k, json.dumps({"kty": "RSA", "kid": rs(6, LOWNUM), "use": "sig", "n": b64u(i2b(n_)), "e": "AQAB"}, separators=(",", ":")),
      "public JWK (no private members)")
    N(k, "-----BEGIN PUBLIC KEY-----\n" + b64s(bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + rbytes(64))[:64]
      + "\n" + b64s(rbytes(60))[:60] + "\n-----END PUBLIC KEY-----", "public key PEM")
    N(k, "-----BEGIN CERTIFICATE-----\nMIID" + b64s(rbytes(45))[:60] + "\n" + b64s(rbytes(48))[:64] + "\n-----END CERTIFICATE-----",
      "certificate PEM (public)")
    N(k, '{"auths":{"ghcr.io":{}},"credsStore":"desktop"}', "docker config without inline credentials")
    N(k, "token expired at 2024-05-02T10:00:00Z, refreshing", "no token value")
    N(k, f"telegram chat_id=-100{rd(10)}", "Telegram chat id, not a token")
    N(k, f"discord guild id {rd(18, '123456789')} joined", "Discord snowflake id")
    N(k, "vault token lookup: policies=[default ops] ttl=767h", "no token value")
    N(k, "X-Vault-Token: <redacted>", "redacted")


# =====================================================================
# 5. Personal data in free text
# =====================================================================
def sec_personal():
    k = "email"
    tm = ["login succeeded for {e}", "password reset requested by {e}", '{"email": "{e}", "plan": "pro"}',
          "From: \"{n}\" <{e}>", "GET /api/v1/users?email={pe}&active=1", "mailto:{e}?subject=Invoice",
          "bounce: 550 mailbox full for {e}", "user_email={e}", "invite sent to {e} by admin",
          "GET /unsubscribe?u={pe}&list=weekly"]
    for t in tm:
        f, l = person()
        sep = pick([".", "_", ""])
        local = (f + sep + l).lower() + (rd(2) if rng.random() < 0.3 else "")
        local = local.encode("ascii", "ignore").decode()
        e = f"{local}@{pick(MAIL_DOMAINS)}"
        P(k, fill(t, e=e, pe=e.replace("@", "%40"), n=f"{f} {l}"), "email address (percent-encoded where %40)")
    N(k, "notification sent to admin@example.com", "reserved example domain")
    N(k, "reply-to: jane.doe@example.org", "reserved example domain")
    N(k, "git remote add origin git@github.com:acme/infra.git", "scp-style git remote, not a mailbox")
    N(k, "asset logo@2x.png not found", "retina asset name")
    N(k, "npm install lodash@4.17.21", "package@version")
    N(k, f"pulled image redis@sha256:{rs(64, HEXL)}", "image digest")
    N(k, "@channel deploy finished", "mention, not an email")

    k = "phone"
    def e164(i):
        c = i % 8
        if c == 0: return f"+55 11 9{rd(4, '6789')}-{rd(4)}"
        if c == 1: return f"+44 7{rd(3, '45789')} {rd(6)}"
        if c == 2: return f"+49 15{pick('1279')} {rd(8)}"
        if c == 3: return f"+33 {pick('67')} {rd(2)} {rd(2)} {rd(2)} {rd(2)}"
        if c == 4: return f"+1{pick(['415', '312', '617', '206', '512', '303'])}{rd(3, '2346789')}{rd(4)}"
        if c == 5: return f"+91{pick('6789')}{rd(9)}"
        if c == 6: return f"+61 4{rd(2)} {rd(3)} {rd(3)}"
        return f"+8190{rd(8)}"
    tp = ["phone: {p}", "SMS OTP sent to {p}", '{"phone": "{p}"}', "callback number {p} recorded",
          "mobile={p}", "2FA device registered with phone {p}", "tel:{p}", "contact {p} for escalation"]
    for i, t in enumerate(tp):
        P(k, fill(t, p=e164(i)), "phone number (E.164 / international)")
    P(k, f"telefone: (11) 9{rd(4, '6789')}-{rd(4)}", "Brazilian mobile national format")
    P(k, f"Phone: ({pick(['415', '312', '617'])}) {rd(3, '2346789')}-{rd(4)}", "US national format, not 555")
    P(k, f"Tel. 0{pick(['151', '160', '176'])} {rd(8)}", "German mobile national format")
    P(k, f"téléphone : 0{pick('67')} {rd(2)} {rd(2)} {rd(2)} {rd(2)}", "French mobile national format")
    N(k, "callback number +1 415-555-0123", "555-01xx reserved for fiction")
    N(k, "phone: 07700 900" + rd(3), "Ofcom drama range 07700 900xxx")
    N(k, "OS version 10.0.19045.3803", "version string")
    N(k, f"build 2024.03.{rd(4)} published", "build number")
    N(k, f"order #{rd(11)} shipped", "order number")
    N(k, f"epoch={rng.randint(1700000000, 1730000000)} duration_ms={rd(7)}", "timestamp / duration")

    k = "geo_coordinates"
    cities = [(-23.5505, -46.6333), (51.5072, -0.1276), (48.8566, 2.3522), (40.7128, -74.0060), (35.6762, 139.6503),
              (-33.8688, 151.2093), (52.5200, 13.4050), (19.0760, 72.8777), (59.3293, 18.0686), (-34.6037, -58.3816)]
    tg = ["lat={a}, lon={o}", "device location {a},{o}", '{"location": {"lat": {a}, "lng": {o}}}',
          "POINT({o} {a})", "https://maps.google.com/?q={a},{o}", "gps fix: {a} {o} accuracy=12m",
          "geo: {a}, {o}", "last seen at coordinates ({a}, {o})", "https://www.openstreetmap.org/#map=18/{a}/{o}",
          "latitude: {a} longitude: {o}"]
    for i, t in enumerate(tg):
        la, lo = cities[i]
        nd = pick([4, 5, 6, 6])
        a = f"{la + rng.uniform(-0.05, 0.05):.{nd}f}"
        o = f"{lo + rng.uniform(-0.05, 0.05):.{nd}f}"
        P(k, fill(t, a=a, o=o), f"lat/lon with {nd} decimals")
    N(k, "region centroid lat 40.7, lon -74.0", "1 decimal: city-level only")
    N(k, "coords 51.51,-0.13 (city)", "2 decimals")
    N(k, "load average: 0.5234, 0.4412, 0.3801", "load average")
    N(k, f"p50=12.{rd(4)}ms p99=87.{rd(4)}ms", "latency figures")
    N(k, f"model scores precision=0.{rd(4)}, recall=0.{rd(4)}", "metric pair, no geographic context")
    N(k, "released version 12.4.1 on 2024-02-11", "version string")

    k = "street_address"
    streets_us = ["Oakridge Ave", "Maple Street", "Sunset Blvd", "Lincoln Road", "Cedar Lane", "Harbor Drive", "Willow Court"]
    addr = [
        lambda: f"{rng.randint(12, 9800)} {pick(streets_us)}, {pick(['Springfield, IL 627', 'Austin, TX 787', 'Portland, OR 972'])}{rd(2)}",
        lambda: f"{rng.randint(2, 180)} {pick(['Kingsley Road', 'Victoria Street', 'Mill Lane'])}, Leeds LS{rng.randint(1, 29)} {rng.randint(1, 9)}{pick('ABDEFGHJLNPQRSTUWXYZ')}{pick('ABDEFGHJLNPQRSTUWXYZ')}",
        lambda: f"{pick(['Lindenstraße', 'Bergmannstraße', 'Schillerweg'])} {rng.randint(2, 140)}, 1{pick('0234')}{rd(3)} Berlin",
        lambda: f"{rng.randint(2, 120)} rue {pick(['des Lilas', 'Victor Hugo', 'de la République'])}, 6900{rng.randint(1, 9)} Lyon",
        lambda: f"Rua {pick(['das Palmeiras', 'Augusta', 'Sete de Setembro'])}, {rng.randint(10, 2400)} - Centro, Curitiba - PR, 800{rd(2)}-{rd(3)}",
        lambda: f"Calle {pick(['Mayor', 'de Alcalá', 'Serrano'])} {rng.randint(2, 200)}, 280{rng.randint(1, 55):02d} Madrid",
        lambda: f"{rng.randint(100, 4800)} Rue {pick(['Sherbrooke O', 'Saint-Denis', 'Notre-Dame E'])}, Montréal, QC H{rng.randint(1, 9)}{pick('ABCEGHJKLMNPRSTVXY')} {rng.randint(1, 9)}{pick('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(1, 9)}",
        lambda: f"{pick(['Keizersgracht', 'Vondelstraat', 'Overtoom'])} {rng.randint(2, 400)}, 10{rd(2)} {pick(UP)}{pick(UP)} Amsterdam",
        lambda: f"{rng.randint(10, 990)} {pick(['Collins Street', 'George Street'])}, {pick(['Melbourne VIC 3000', 'Sydney NSW 2000'])}",
    ]
    ta = ["shipping_address={a}", "Address: {a}", "Anschrift: {a}", "adresse de facturation : {a}",
          "endereço: {a}", "dirección de envío: {a}", '{"billing_address": "{a}"}', "afleveradres: {a}",
          "home address {a}"]
    for i, t in enumerate(ta):
        P(k, fill(t, a=addr[i]()), "street address with number + street type / postal code + city")
    N(k, "Route 53 hosted zone updated (12 records)", "AWS service name")
    N(k, "Updated 3 rows in table street_names", "table name")
    N(k, "listening on port 8443, all interfaces", "port")
    N(k, "Main Street release train 24.3 started", "project name, no number/postcode")
    N(k, "step 2 of 5: drive mapping completed", "no address")
    N(k, "Suite 200 of tests passed in 14.2s", "test suite")

    k = "person_name"
    honor = ["Mr.", "Mrs.", "Dr.", "Ms.", "Prof.", "Sr.", "Mme", "Herr", "Mr."]
    hgender = {"Mr.": "m", "Mrs.": "f", "Ms.": "f", "Sr.": "m", "Mme": "f", "Herr": "m"}
    tn = ["Ticket opened by {h} {f} {l}", "Dear {h} {f} {l}, your account was locked", "name: {f} {l}",
          'full_name="{f} {l}"', '{"customer_name": "{f} {l}", "tier": "gold"}', "Patient: {f} {l}, ward 4",
          "approved by {h} {f} {l}", "cardholder name {f} {l}", "Contact person: {h} {l}, {f}"]
    for i, t in enumerate(tn):
        h = honor[i % len(honor)]
        f, l = person(hgender.get(h))
        P(k, fill(t, h=h, f=f, l=l), "person name with honorific or name-like key")
    N(k, "name: nginx-ingress-controller", "workload name")
    N(k, "full_name: null", "null value")
    N(k, "username=svc_backup", "service account")
    N(k, "display_name=<redacted>", "redacted")
    N(k, "GPO Name: Default Domain Policy applied", "policy name")
    N(k, "Name: default-node-pool (3 nodes)", "node pool name")

    k = "date_of_birth"
    td = [lambda d: f"DOB: {d:%Y-%m-%d}", lambda d: f"born {d:%d/%m/%Y}", lambda d: f"date_of_birth={d:%Y-%m-%d}",
          lambda d: f"Geburtsdatum: {d:%d.%m.%Y}", lambda d: f"data de nascimento: {d:%d/%m/%Y}",
          lambda d: '{"birthdate": "' + f"{d:%Y-%m-%d}" + '"}', lambda d: f"D.O.B. {d.day:02d} {d:%b %Y}",
          lambda d: f"Date of Birth: {d:%B} {d.day}, {d.year}", lambda d: f"fecha de nacimiento: {d:%d/%m/%Y}"]
    for fn in td:
        P(k, fn(rand_date(1940, 2006)), "date of birth in explicit birth context")
    N(k, "released 2021-03-12", "release date")
    N(k, "certificate expires 2026-01-15", "expiry date")
    N(k, "created_at=2023-07-01T12:00:00Z", "timestamp")
    N(k, "DOB: <redacted>", "redacted")
    N(k, "dob=null", "null")
    N(k, "backup taken 14/02/2024 03:00", "backup date")

    k = "crypto_wallet"
    tw = ["withdrawal to {a} approved", "payout_address={a}", "send 0.05 BTC to {a}", '{"wallet": "{a}"}',
          "donation address: {a}", "ransom note demands payment to {a}", "deposit address {a}", "wallet={a}",
          "eth wallet {a} linked", "transfer 1.2 ETH to {a}", "btc: {a}"]
    kinds = ["p2pkh", "p2sh", "wpkh", "wsh", "eth", "p2pkh", "eth", "tr", "eth", "wpkh", "p2sh"]
    for t, kk in zip(tw, kinds):
        if kk == "p2pkh": a = b58check(0, rbytes(20))
        elif kk == "p2sh": a = b58check(5, rbytes(20))
        elif kk == "wpkh": a = segwit_addr("bc", 0, rbytes(20))
        elif kk == "wsh": a = segwit_addr("bc", 0, rbytes(32))
        elif kk == "tr": a = segwit_addr("bc", 1, rbytes(32))
        else: a = eip55(rbytes(20).hex())
        if kk != "eth":
            assert (b58check_ok(a) if kk in ("p2pkh", "p2sh") else bech_verify(a))
        P(k, fill(t, a=a), f"{kk} address with valid checksum")

    def corrupt(s, alpha, start=6):
        while True:
            i = rng.randrange(start, len(s) - 2)
            c = pick(alpha)
            if c != s[i]:
                return s[:i] + c + s[i + 1:]
    a = corrupt(b58check(0, rbytes(20)), B58)
    assert not b58check_ok(a)
    N(k, f"withdrawal to {a} approved", "P2PKH with broken base58check checksum")
    a = corrupt(b58check(5, rbytes(20)), B58)
    assert not b58check_ok(a)
    N(k, f"wallet={a}", "P2SH with broken checksum")
    a = corrupt(segwit_addr("bc", 0, rbytes(20)), BECH, start=4)
    assert not bech_verify(a)
    N(k, f"payout_address={a}", "bech32 with broken checksum")
    good = eip55(rbytes(20).hex())
    body = good[2:]
    flip = [i for i, c in enumerate(body) if c.isalpha()]
    j = flip[len(flip) // 2]
    bad = "0x" + body[:j] + body[j].swapcase() + body[j + 1:]
    assert bad != good and bad.lower() == good.lower()
    N(k, f"eth wallet {bad} linked", "EIP-55 mixed case with wrong checksum casing")
    N(k, f"tx 0x{rs(64, HEXL)} confirmed in block {rd(8)}", "transaction hash, not an address")
    N(k, f"block hash 0000000000000000000{rs(45, HEXL)}", "block hash")


# =====================================================================
# 6. Secret-named keys
# =====================================================================
def sec_secret_kv():
    k = "secret_kv"
    vals = [lambda: pick(WORDS) + rd(2), lambda: rs(32, HEXL), lambda: rs(24, ALNUM), lambda: pick(WORDS),
            lambda: rs(8, ALNUM), lambda: b64s(rbytes(24)), lambda: pick(WORDS) + "-" + pick(WORDS),
            lambda: rs(40, ALNUM + "_-"), lambda: rs(12, LOWNUM)]
    forms = ['{"api_key": "{v}"}', "client_secret={v}", '{"token": "{v}"}', "secret: {v}",
             '{"access_token": "{v}", "expires_in": 3600}', "private_key={v}", "apiKey: '{v}'",
             'x-api-key="{v}"', "auth_token={v}", '{"client_id": "web", "client_secret": "{v}"}',
             "webhook_secret: {v}", "SECRET_KEY = '{v}'", '"refresh_token":"{v}"', "signing_secret={v}",
             "db_password: {v}", "app_secret={v}"]
    for i, f in enumerate(forms):
        P(k, fill(f, v=vals[i % len(vals)]()), "secret-named key with an arbitrary literal value")
    N(k, '{"api_key": "****"}', "masked")
    N(k, "client_secret=<redacted>", "redacted")
    N(k, '{"token": ""}', "empty")
    N(k, "secret: none", "null-like")
    N(k, '{"access_token": null}', "JSON null")
    N(k, "api_key=${API_KEY}", "variable reference")
    N(k, "client_secret=[FILTERED]", "filtered")
    N(k, '{"token_type": "Bearer", "expires_in": 3600}', "token metadata, no secret")
    N(k, "token_endpoint=https://login.corp.internal/oauth2/token", "endpoint URL")
    N(k, "secret_name=prod/db/credentials", "reference to a secret, not its value")
    N(k, "auth_token: REDACTED", "redacted")


def main():
    print(_selftest_crypt(), file=sys.stderr)
    sec_national_ids()
    sec_password_hashes()
    sec_password_context()
    sec_tokens()
    sec_personal()
    sec_secret_kv()

    seen = set()
    for r in ROWS:
        assert r["value"] not in seen, ("duplicate", r)
        seen.add(r["value"])
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        for r in ROWS:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # validate what was written
    cnt = collections.Counter()
    with open(OUT_PATH, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            d = json.loads(line)
            assert set(d) == {"kind", "expect", "value", "note"}, ln
            assert d["expect"] in ("finding", "clean") and isinstance(d["value"], str) and len(d["value"]) < 400, ln
            cnt[(d["kind"], d["expect"])] += 1
    kinds = sorted({k for k, _ in cnt})
    print(f"{'kind':26s} finding clean")
    for kd in kinds:
        print(f"{kd:26s} {cnt[(kd, 'finding')]:7d} {cnt[(kd, 'clean')]:5d}")
    tf = sum(v for (k, e), v in cnt.items() if e == "finding")
    tc = sum(v for (k, e), v in cnt.items() if e == "clean")
    print(f"{'TOTAL':26s} {tf:7d} {tc:5d}  lines={tf + tc}")
    # shared negatives for token formats live in token_lookalike
    for kd in kinds:
        if kd != "token_lookalike":
            assert cnt[(kd, "finding")] >= 8, kd


if __name__ == "__main__":
    main()
