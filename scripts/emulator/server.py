#!/usr/bin/env python3
"""moto server for the apigw emulator suite, with a CloudWatch rpcv2Cbor bridge.

Why the bridge: aws-sdk-cloudwatch for Rust (>= 1.100) speaks Smithy rpcv2Cbor
(`POST /service/GraniteServiceVersion20100801/operation/<Op>`, CBOR bodies), but
moto 5.x only speaks Query and awsJson1_0 for CloudWatch. The WSGI middleware
below turns such a request into awsJson1_0, lets moto answer it, and turns the
JSON answer back into CBOR typed from botocore's CloudWatch model (JSON loses the
timestamp / double / integer distinction the Rust decoder insists on).
Every other request goes to moto untouched.

Usage: server.py --port 0 --port-file .emulator/port
"""

import argparse
import base64
import datetime
import decimal
import gzip
import io
import json
import math
import os
import re
import signal
import sys
import traceback
import xml.etree.ElementTree as ElementTree
from http import HTTPStatus

import botocore.session
import moto_fixes
import cbor2
import moto
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.utils import camelcase_to_underscores, method_names_from_class
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server
from werkzeug.wsgi import get_input_stream

TARGET_PREFIX = "GraniteServiceVersion20100801"
CBOR_PATH = re.compile(rf"^/service/{TARGET_PREFIX}/operation/([A-Za-z0-9]+)$")
CBOR_CONTENT_TYPE = "application/cbor"
SMITHY_PROTOCOL = "rpc-v2-cbor"
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"
# Non-finite doubles have no JSON literal; awsJson spells them as strings.
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
# Headers that describe moto's JSON body and must not leak onto the CBOR one.
DROPPED_RESPONSE_HEADERS = {"content-type", "content-length", "x-amzn-errortype"}


class BridgeError(Exception):
    """A request or answer the bridge cannot translate; becomes a CBOR error."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# --- CBOR request -> awsJson request -------------------------------------------


def cbor_to_json(value):
    """Make a decoded CBOR value JSON-serialisable the way awsJson1_0 expects.

    cbor2 already turns tag 1 into an aware datetime; awsJson wants epoch
    seconds. Blobs travel as base64 in JSON. Unknown tags are unwrapped.
    """
    if isinstance(value, dict):
        return {str(k): cbor_to_json(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [cbor_to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, cbor2.CBORTag):
        return cbor_to_json(value.value)
    if isinstance(value, decimal.Decimal):
        return cbor_to_json(float(value))
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value is cbor2.undefined or isinstance(value, cbor2.CBORSimpleValue):
        return None
    return value


def read_body(environ):
    """Read the request body, un-gzipping it.

    The Rust SDK gzips PutMetricData bodies over 10 KiB (request compression),
    and moto would not know what to do with the compressed bytes.
    """
    body = get_input_stream(environ).read()
    if environ.get("HTTP_CONTENT_ENCODING", "").strip().lower() == "gzip":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise BridgeError(400, "SerializationException", f"invalid gzip body: {exc}") from exc
    return body


def decode_cbor_input(body):
    """Decode the CBOR input document; an empty body means an empty input."""
    if not body:
        return {}
    try:
        document = cbor2.loads(body)
    except Exception as exc:  # cbor2 raises several unrelated types
        raise BridgeError(400, "SerializationException", f"invalid CBOR body: {exc}") from exc
    if not isinstance(document, dict):
        raise BridgeError(400, "SerializationException", "CBOR body is not a map")
    return cbor_to_json(document)


def json_environ(environ, operation, json_body):
    """Copy the WSGI environ, rewritten into moto's awsJson1_0 CloudWatch request.

    moto routes CloudWatch on the SigV4 credential scope (service `monitoring`,
    kept as is) and serves it at `/`; it reads RAW_URI for the path too.
    """
    new = dict(environ)
    for key in ("HTTP_CONTENT_ENCODING", "HTTP_TRANSFER_ENCODING", "wsgi.input_terminated"):
        new.pop(key, None)
    new.update(
        {
            "PATH_INFO": "/",
            "RAW_URI": "/",
            "REQUEST_URI": "/",
            "QUERY_STRING": "",
            "CONTENT_TYPE": JSON_CONTENT_TYPE,
            "CONTENT_LENGTH": str(len(json_body)),
            "HTTP_X_AMZ_TARGET": f"{TARGET_PREFIX}.{operation}",
            "HTTP_ACCEPT": "application/json",
            "wsgi.input": io.BytesIO(json_body),
        }
    )
    return new


def call_app(app, environ):
    """Run a WSGI app to completion and return (status code, headers, body)."""
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = status
        captured["headers"] = headers
        return lambda data: captured.setdefault("early", []).append(data)

    chunks = app(environ, start_response)
    try:
        body = b"".join(captured.get("early", [])) + b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return int(captured["status"].split()[0]), list(captured["headers"]), body


# --- JSON answer -> CBOR answer, typed by the botocore model --------------------


def to_epoch_seconds(value):
    """Turn moto's timestamp (epoch number or ISO 8601 string) into epoch seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        pass
    parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp()


def to_float(value):
    """Doubles must be CBOR floats: the Rust decoder rejects an integer 5 for 5.0."""
    if isinstance(value, str) and value in NON_FINITE:
        return NON_FINITE[value]
    return float(value)


def to_bool(value):
    """Booleans, tolerating moto's occasional "true"/"false" strings."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def to_blob(value):
    """Blobs arrive base64-encoded in JSON and leave as CBOR byte strings."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return base64.b64decode(value)


def to_string(value):
    """Strings; a stray structured value is kept as its JSON text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


SCALAR_ENCODERS = {
    "timestamp": lambda v: cbor2.CBORTag(1, to_epoch_seconds(v)),
    "double": to_float,
    "float": to_float,
    "integer": lambda v: int(float(v)),
    "long": lambda v: int(float(v)),
    "short": lambda v: int(float(v)),
    "byte": lambda v: int(float(v)),
    "boolean": to_bool,
    "blob": to_blob,
    "string": to_string,
}


def encode_shape(shape, value):
    """Encode a JSON value as the CBOR the model's shape calls for.

    Members missing from the shape are dropped: the Rust decoder would skip
    them anyway, but dropping keeps the answer what AWS would send.
    """
    if value is None:
        return None
    if shape.type_name == "structure":
        return encode_structure(shape, value)
    if shape.type_name == "list":
        if not isinstance(value, list):
            return None
        items = (encode_shape(shape.member, item) for item in value)
        return [item for item in items if item is not None]
    if shape.type_name == "map":
        if not isinstance(value, dict):
            return None
        entries = ((str(k), encode_shape(shape.value, v)) for k, v in value.items())
        return {k: v for k, v in entries if v is not None}
    encoder = SCALAR_ENCODERS.get(shape.type_name)
    return encoder(value) if encoder else value


def encode_structure(shape, value):
    """Encode the members the shape knows, under their model names."""
    if not isinstance(value, dict):
        return None
    encoded = {}
    for name, member in shape.members.items():
        json_name = member.serialization.get("name", name)
        if json_name in value:
            item = encode_shape(member, value[json_name])
            if item is not None:
                encoded[name] = item
    return encoded


def parse_json_answer(body):
    """Parse moto's JSON answer; None when it is not JSON (XML, HTML, text)."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except ValueError:
        return None


# --- errors ---------------------------------------------------------------------


def error_from_xml(body):
    """(code, message) from a Query-style XML error, or None if it is not one."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    code = message = None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "Code" and code is None:
            code = (element.text or "").strip()
        elif tag == "Message" and message is None:
            message = (element.text or "").strip()
    return (code, message or "") if code else None


def error_from_text(status, body):
    """(code, message) for an answer that is neither JSON nor XML (e.g. Flask's 500 page)."""
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    text = " ".join(text.split())[:500]
    if "has not been implemented" in text or status == 501:
        return "NotImplemented", f"moto does not implement this operation: {text}"
    code = "InternalFailure" if status >= 500 else "BadRequest"
    return code, text or f"HTTP {status} from moto"


class ErrorCodes:
    """Maps the codes moto puts in `__type` to the Query codes the Rust SDK matches.

    CloudWatch is awsQueryCompatible: the Rust SDK matches the Query code
    (`InvalidParameterCombination`), taken from `x-amzn-query-error` or from a
    sanitised `__type`. moto's awsJson `__type` is the shape name with a
    namespace (`GraniteServiceVersion20100801#InvalidParameterCombinationException`),
    so shape names are mapped through the model's `error.code`.
    """

    def __init__(self, service_model):
        self.by_shape = {}
        for shape in service_model.error_shapes:
            code = (shape.metadata.get("error") or {}).get("code")
            self.by_shape[shape.name] = code or shape.name

    def plain(self, raw_type):
        """Strip `ns#` prefix and `:url` suffix, then map shape name -> Query code."""
        name = raw_type.split(":", 1)[0].rsplit("#", 1)[-1]
        return self.by_shape.get(name, name)


def query_error_header(headers):
    """moto's own `x-amzn-query-error` value (`Code;Sender`), if it sent one."""
    for name, value in headers:
        if name.lower() == "x-amzn-query-error" and ";" in value:
            return value
    return None


# --- the middleware -------------------------------------------------------------


class CborBridge:
    """WSGI middleware: CloudWatch rpcv2Cbor in front of moto's awsJson1_0."""

    def __init__(self, app):
        self.app = app
        self.model = botocore.session.get_session().get_service_model("cloudwatch")
        # Resolve every operation up front: the server is threaded and botocore's
        # lazy caches are not documented as thread-safe.
        self.operations = {
            name: self.model.operation_model(name) for name in self.model.operation_names
        }
        self.errors = ErrorCodes(self.model)
        self.implemented = set(method_names_from_class(CloudWatchResponse))

    def __call__(self, environ, start_response):
        operation = self.cbor_operation(environ)
        if operation is None:
            return self.app(environ, start_response)
        try:
            status, headers, body = self.bridge(environ, operation)
        except BridgeError as exc:
            status, headers, body = self.error_answer(exc.status, exc.code, exc.message, [])
        except Exception as exc:
            traceback.print_exc()
            status, headers, body = self.error_answer(
                500, "InternalFailure", f"emulator bridge failed on {operation}: {exc!r}", []
            )
        start_response(f"{status} {reason(status)}", headers)
        return [body]

    @staticmethod
    def cbor_operation(environ):
        """The operation name if this is a CloudWatch rpcv2Cbor request, else None."""
        if environ.get("REQUEST_METHOD") != "POST":
            return None
        match = CBOR_PATH.match(environ.get("PATH_INFO", ""))
        if not match:
            return None
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        protocol = environ.get("HTTP_SMITHY_PROTOCOL", "").strip().lower()
        if content_type != CBOR_CONTENT_TYPE and protocol != SMITHY_PROTOCOL:
            return None
        return match.group(1)

    def bridge(self, environ, operation):
        """Translate one request to moto and its answer back."""
        body = read_body(environ)  # always drain it: the connection may be reused
        self.check_operation(operation)
        document = decode_cbor_input(body)
        json_body = json.dumps(document).encode("utf-8")
        status, headers, body = call_app(self.app, json_environ(environ, operation, json_body))
        if status >= 400:
            return self.translate_error(status, headers, body)
        return self.translate_success(operation, status, headers, body)

    def check_operation(self, operation):
        """Refuse unknown / unimplemented operations with a clear, non-retryable error.

        Without this moto raises NotImplementedError and the SDK sees a 500,
        which it retries as a transient fault before giving up.
        """
        if operation not in self.operations:
            raise BridgeError(
                400, "UnknownOperationException", f"CloudWatch has no operation {operation}"
            )
        if camelcase_to_underscores(operation) not in self.implemented:
            raise BridgeError(
                501,
                "NotImplemented",
                f"moto {moto.__version__} does not implement CloudWatch {operation}",
            )

    def translate_success(self, operation, status, headers, body):
        """Encode moto's JSON output as CBOR shaped by the operation's output shape."""
        answer = parse_json_answer(body)
        if not isinstance(answer, dict):
            snippet = body[:200].decode("utf-8", "replace")
            raise BridgeError(
                500, "InternalFailure", f"moto answered {operation} with non-JSON: {snippet!r}"
            )
        op_model = self.operations.get(operation)
        output_shape = op_model.output_shape if op_model else None
        if output_shape is None:
            # Unit output: rpcv2Cbor sends no body (the SDK ignores it anyway).
            cbor_body = b""
        else:
            cbor_body = cbor2.dumps(encode_structure(output_shape, answer) or {})
        return status, cbor_headers(headers, cbor_body), cbor_body

    def translate_error(self, status, headers, body):
        """Re-encode moto's error (JSON, or XML / text if moto strays) as a CBOR error."""
        answer = parse_json_answer(body)
        if isinstance(answer, dict) and "__type" in answer:
            code = self.errors.plain(str(answer["__type"]))
            message = answer.get("message") or answer.get("Message") or ""
        else:
            parsed = error_from_xml(body) if body.lstrip().startswith(b"<") else None
            code, message = parsed or error_from_text(status, body)
        query_code = query_error_header(headers)
        if query_code:
            code = query_code.split(";", 1)[0]
        return self.error_answer(status, code, message, headers, query_code)

    @staticmethod
    def error_answer(status, code, message, headers, query_code=None):
        """A CBOR error body with `__type`, plus `x-amzn-query-error` for the SDK."""
        cbor_body = cbor2.dumps({"__type": code, "message": str(message)})
        out = cbor_headers(headers, cbor_body)
        out = [(k, v) for k, v in out if k.lower() != "x-amzn-query-error"]
        fault = "Receiver" if status >= 500 else "Sender"
        out.append(("x-amzn-query-error", query_code or f"{code};{fault}"))
        return status, out, cbor_body


def cbor_headers(headers, cbor_body):
    """moto's headers (request id etc.) with the CBOR content type and length."""
    out = [(k, v) for k, v in headers if k.lower() not in DROPPED_RESPONSE_HEADERS]
    out = [(k, v) for k, v in out if k.lower() != "smithy-protocol"]
    out += [
        ("Content-Type", CBOR_CONTENT_TYPE),
        ("smithy-protocol", SMITHY_PROTOCOL),
        ("Content-Length", str(len(cbor_body))),
    ]
    return out


def reason(status):
    """HTTP reason phrase for a status line."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# --- server ---------------------------------------------------------------------


def write_port_file(path, port):
    """Write the port atomically so a poller never reads a half-written file."""
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w", encoding="ascii") as handle:
        handle.write(f"{port}\n")
    os.replace(tmp, path)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument("--port-file", help="write the listening port here once bound")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # SIGTERM (scripts/emulator-stop) should end serve_forever cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    moto_fixes.apply()
    app = CborBridge(DomainDispatcherApplication(create_backend_app))
    # make_server binds and listens, so the port is live once it returns.
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    port = server.server_address[1]
    # moto builds some URLs (SQS queue URLs, Lambda env) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    if args.port_file:
        write_port_file(args.port_file, port)
    print(f"moto emulator (CloudWatch rpcv2Cbor bridge) on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
