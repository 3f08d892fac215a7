#!/usr/bin/python3
"""An aiosmtpd server for the SMTP client tests (run with /usr/bin/python3, which has aiosmtpd).

Listens on 127.0.0.1:PORT; prints "READY <port>" when it accepts connections, then one JSON line
per accepted message. Recipients whose local part starts with "reject" get 550 5.1.1, with
"defer" 451 4.3.0. Optional STARTTLS (--cert/--key), AUTH PLAIN (--user/--password).
Exits when its standard input closes.
"""
import argparse
import base64
import json
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--require-tls", action="store_true")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--no-smtputf8", action="store_true")
args = parser.parse_args()


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: no such user" % address
        if local.startswith("defer"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "data_b64": base64.b64encode(envelope.original_content or envelope.content).decode("ascii"),
            "tls": session.ssl is not None,
            "auth": session.auth_data.decode("utf-8") if isinstance(session.auth_data, bytes) else None,
            "peer": session.peer[0],
            "helo": session.host_name,
        }
        print("MESSAGE " + json.dumps(record), flush=True)
        return "250 2.0.0 queued as %d" % self.count


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and args.user is not None:
        ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        # handled=False: aiosmtpd itself answers 235 or 535.
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)
    return AuthResult(success=False, handled=False)


kwargs = {"enable_SMTPUTF8": not args.no_smtputf8, "decode_data": False}
if args.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    kwargs["tls_context"] = context
    kwargs["require_starttls"] = args.require_tls
if args.user:
    kwargs["authenticator"] = authenticate
    kwargs["auth_require_tls"] = bool(args.cert)
    kwargs["auth_exclude_mechanism"] = ["LOGIN"]

controller = Controller(Handler(), hostname="127.0.0.1", port=args.port, server_hostname="peer.test", **kwargs)
controller.start()
print("READY %d" % args.port, flush=True)
try:
    for _ in sys.stdin:
        pass
finally:
    controller.stop()
