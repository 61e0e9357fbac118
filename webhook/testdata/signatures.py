"""Generates signatures.json, the golden vectors for the webhook package.

Run from this directory with any Python 3 (standard library only):

    python3 signatures.py > signatures.json

The Go tests only read signatures.json; they never run Python.

Each vector is computed the way FreshBooks documents it: the form fields,
in the order received, as a dict of strings serialised by json.dumps with
its defaults, signed with HMAC-SHA256 keyed by the verifier's UTF-8 bytes,
then base64-encoded. In one line, for a body b and verifier v:

    base64.b64encode(hmac.new(v.encode(), json.dumps(dict(parse_qsl(b, keep_blank_values=True))).encode(), hashlib.sha256).digest()).decode()

parse_qsl decodes "+" and %XX and replaces invalid UTF-8 with U+FFFD
(errors="replace", the maximal-subpart rule). Raw non-ASCII characters in a
body are first percent-encoded byte by byte, so that a raw byte means the
same as its escape. Bodies with a repeated key are refused here, since the
Go package rejects them.
"""

import base64
import hashlib
import hmac
import json
import re
import sys
from urllib.parse import parse_qsl

VERIFIER = "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"

VECTORS = [
    ("delivery", "name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1", VERIFIER),
    ("doc example order", "name=client.update&object_id=177864&user_id=1&account_id=K1pdgJ", "scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd"),
    ("verification", "name=invoice.create&object_id=2001&verifier=scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd", "scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd"),
    ("empty body", "", VERIFIER),
    ("empty values", "name=&object_id=&account_id=", VERIFIER),
    ("key without equals", "name&object_id=1", VERIFIER),
    ("empty pairs skipped", "&&name=a&&object_id=1&", VERIFIER),
    ("empty key", "=x&name=y", VERIFIER),
    ("equals in value", "a==b&c=d=e", VERIFIER),
    ("plus and escaped plus", "note=a+b%2Bc+%2B+d", VERIFIER),
    ("escaped key", "na%6De=x&first+key=y", VERIFIER),
    ("lower and upper hex", "a=%c3%a9%C3%A9", VERIFIER),
    ("latin e acute", "name=caf%C3%A9", VERIFIER),
    ("cjk", "name=%E4%B8%AD%E6%96%87", VERIFIER),
    ("emoji non-BMP", "name=%F0%9F%98%80x%F0%9F%92%B8", VERIFIER),
    ("raw utf-8", "name=café中😀", VERIFIER),
    ("html chars", "a=%3Cb%3E+%26+%3C%2Fb%3E&b=<raw>&&c=1", VERIFIER),
    ("slash", "uri=https%3A%2F%2Fexample.com%2Fa%2Fb&raw=a/b", VERIFIER),
    ("quotes and backslashes", "q=%22hi%22&b=a%5Cb%5C%5C&s=%27", VERIFIER),
    ("short escapes", "c=%0A%0D%09%08%0C", VERIFIER),
    ("other controls", "c=%00%01%1F%7F%1B", VERIFIER),
    ("u2028 and bom", "c=%E2%80%A8%EF%BB%BF", VERIFIER),
    ("replacement char", "c=%EF%BF%BD", VERIFIER),
    ("max code point", "c=%F4%8F%BF%BF", VERIFIER),
    ("truncated sequence", "a=%E4%B8&b=%F0%9F%98x", VERIFIER),
    ("lone bytes", "a=%FF&b=%80&c=%C0%AF&d=%C1", VERIFIER),
    ("surrogate and overlong", "a=%ED%A0%80&b=%E0%80%80&c=%F0%80%80%80&d=%F4%90%80%80&e=%F5", VERIFIER),
    ("invalid in key", "%FFk=v", VERIFIER),
    ("non-ascii verifier", "name=invoice.create&object_id=1", "clé-中😀"),
    ("semicolon is not a separator", "a=1;b=2", VERIFIER),
    ("unicode keys", "%E4%B8%AD=1&%C3%A9=2", VERIFIER),
    ("escaped percent", "p=100%25&q=%2525", VERIFIER),
    ("raw quote and backslash", 'q="x"\\y', VERIFIER),
    ("long value", "v=" + "x" * 300, VERIFIER),
]


def percent_encode_non_ascii(body):
    return re.sub(r"[^\x00-\x7f]", lambda m: "".join("%%%02X" % b for b in m.group().encode()), body)


def canonical(body):
    pairs = parse_qsl(percent_encode_non_ascii(body), keep_blank_values=True)
    form = dict(pairs)
    if len(form) != len(pairs):
        raise ValueError("repeated key in %r" % body)
    return json.dumps(form)


def sign(verifier, message):
    digest = hmac.new(verifier.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def main():
    out = []
    for name, body, verifier in VECTORS:
        message = canonical(body)
        out.append({"name": name, "body": body, "verifier": verifier, "canonical": message, "signature": sign(verifier, message)})
    # The message FreshBooks' documentation shows, byte for byte.
    assert out[1]["canonical"] == '{"name": "client.update", "object_id": "177864", "user_id": "1", "account_id": "K1pdgJ"}'
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


main()
