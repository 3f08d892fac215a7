# Verifies the DKIM signatures of message files with python3-dkim (dkimpy), fetching public keys
# from the DNS server given (a test unbound on loopback), never from the machine's resolver.
# Usage: dkim_verify.py HOST PORT FILE...   Prints one line per file: "<file> ok" or "<file> fail <why>".
import io
import logging
import sys

import dkim
import dns.resolver

host, port, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [host]
resolver.port = port


def txt(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode("ascii")
    answer = resolver.resolve(name, "TXT", lifetime=timeout, raise_on_no_answer=False)
    if answer.rrset is None:
        return None
    for record in answer.rrset:
        return b"".join(record.strings)
    return None


for path in files:
    with open(path, "rb") as f:
        message = f.read()
    log = io.StringIO()
    logger = logging.getLogger("dkim-" + path)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(logging.StreamHandler(log))
    try:
        d = dkim.DKIM(message, logger=logger)
        count = len([h for h in d.headers if h[0].lower() == b"dkim-signature"])
        results = [d.verify(idx=i, dnsfunc=txt) for i in range(count)]
        if count > 0 and all(results):
            print(path, "ok", count)
        else:
            why = log.getvalue().strip().replace("\n", " | ")
            print(path, "fail", "no signature" if count == 0 else "results %s: %s" % (results, why))
    except Exception as e:  # a verifier crash is a failure of that file, reported with its reason
        print(path, "fail", "%s: %s" % (type(e).__name__, e))
    sys.stdout.flush()
