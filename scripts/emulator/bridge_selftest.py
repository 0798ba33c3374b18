#!/usr/bin/env python3
"""Self-test of the CloudWatch rpcv2Cbor bridge in server.py, against a running emulator.

Sends raw requests shaped like aws-sdk-cloudwatch for Rust's (path, headers,
SigV4 with service `monitoring`, CBOR bodies with indefinite-length maps and
tag-1 timestamps) and checks the answers the way the Rust decoder would read
them: every member typed by botocore's CloudWatch model (timestamps tag 1,
doubles as floats, ...), errors as `__type` + `message`.

Prints PASS/FAIL per case and NOTE for moto gaps; exits non-zero on any FAIL.

Usage:  endpoint=$(scripts/emulator-start)
        .venv/bin/python scripts/emulator/bridge_selftest.py --endpoint "$endpoint"
        scripts/emulator-stop
"""

import argparse
import gzip
import http.client
import json
import os
import sys
import time
import traceback
import urllib.parse
import uuid

import botocore.session
import cbor2
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGION = "us-west-2"
TARGET_PREFIX = "GraniteServiceVersion20100801"
TOPIC = f"arn:aws:sns:{REGION}:123456789012:apigw-alarms"
MODEL = botocore.session.get_session().get_service_model("cloudwatch")
# Keep tags 0/1 visible so the checks can tell a tag-1 timestamp from anything else.
KEEP_TAGS = {tag: (lambda value, _immutable, tag=tag: cbor2.CBORTag(tag, value)) for tag in (0, 1)}
NOTES = []


class Answer:
    """One HTTP answer, with the CBOR body decoded (tags 0/1 kept as CBORTag)."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.raw = raw
        self.body = cbor2.loads(raw, semantic_decoders=KEEP_TAGS) if raw else None

    def __repr__(self):
        return f"HTTP {self.status} {self.headers.get('content-type')} {self.body!r}"


class Client:
    """Signs and sends requests the way the Rust SDK does for rpcv2Cbor."""

    def __init__(self, endpoint):
        parsed = urllib.parse.urlparse(endpoint)
        self.endpoint = endpoint.rstrip("/")
        self.host, self.port = parsed.hostname, parsed.port
        self.credentials = Credentials("testing", "testing", "testing")

    def cbor(self, operation, payload, *, gzip_body=False, raw_body=None):
        """POST /service/<prefix>/operation/<Op> with a CBOR body."""
        body = raw_body if raw_body is not None else encode_input(payload)
        headers = {
            "Content-Type": "application/cbor",
            "smithy-protocol": "rpc-v2-cbor",
            "Accept": "application/cbor",
            "x-amzn-query-mode": "true",
        }
        if gzip_body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        path = f"/service/{TARGET_PREFIX}/operation/{operation}"
        return self.send("POST", path, headers, body)

    def send(self, method, path, headers, body=b""):
        """Sign with SigV4 (service `monitoring`, as the SDK does) and send."""
        request = AWSRequest(method=method, url=self.endpoint + path, data=body, headers=headers)
        SigV4Auth(self.credentials, "monitoring", REGION).add_auth(request)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=dict(request.headers.items()))
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


def encode_input(payload):
    """CBOR like the SDK's: structures as indefinite-length maps."""
    return cbor2.dumps(payload, indefinite_containers=True)


def tag1(epoch_seconds):
    """A timestamp the way the Rust SDK encodes it: tag 1 + f64 epoch seconds."""
    return cbor2.CBORTag(1, float(epoch_seconds))


def call(client, operation, payload, **kwargs):
    """Send one CBOR request and decode the answer."""
    return Answer(*client.cbor(operation, payload, **kwargs))


# --- checks -----------------------------------------------------------------------


def shape_problems(shape, value, path="$"):
    """Everything in `value` the Rust decoder for `shape` would reject or not expect."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: expected map, got {type(value).__name__}"]
        problems = [f"{path}.{k}: member not in model" for k in value if k not in shape.members]
        for name, item in value.items():
            if name in shape.members:
                problems += shape_problems(shape.members[name], item, f"{path}.{name}")
        return problems
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected array, got {type(value).__name__}"]
        return [
            p
            for i, item in enumerate(value)
            for p in shape_problems(shape.member, item, f"{path}[{i}]")
        ]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected map, got {type(value).__name__}"]
        return [
            p for k, item in value.items() for p in shape_problems(shape.value, item, f"{path}.{k}")
        ]
    return scalar_problems(kind, value, path)


def scalar_problems(kind, value, path):
    """Type check of one scalar, as strict as the Rust CBOR decoder."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    ok = {
        "timestamp": isinstance(value, cbor2.CBORTag)
        and value.tag == 1
        and isinstance(value.value, (int, float)),
        "double": isinstance(value, float),
        "float": isinstance(value, float),
        "integer": is_int,
        "long": is_int,
        "boolean": isinstance(value, bool),
        "string": isinstance(value, str),
        "blob": isinstance(value, bytes),
    }.get(kind, True)
    return [] if ok else [f"{path}: expected {kind}, got {value!r}"]


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_cbor_ok(answer, operation):
    """A 2xx answer with rpcv2Cbor headers and a body typed by the output shape."""
    expect(answer.status == 200, f"status {answer.status}: {answer!r}")
    expect(
        answer.headers.get("smithy-protocol") == "rpc-v2-cbor",
        f"smithy-protocol header: {answer.headers}",
    )
    expect(
        answer.headers.get("content-type") == "application/cbor", f"content-type: {answer.headers}"
    )
    output = MODEL.operation_model(operation).output_shape
    if output is None:
        expect(answer.body in (None, {}), f"unit output expected, got {answer.body!r}")
        return
    problems = shape_problems(output, answer.body)
    expect(not problems, "typing problems: " + "; ".join(problems))


def expect_cbor_error(answer, status, code):
    """An error answer: CBOR map with `__type` == code and a message."""
    expect(answer.status == status, f"status {answer.status} (wanted {status}): {answer!r}")
    expect(
        answer.headers.get("smithy-protocol") == "rpc-v2-cbor",
        f"smithy-protocol header: {answer.headers}",
    )
    expect(isinstance(answer.body, dict), f"error body not a map: {answer!r}")
    expect(
        answer.body.get("__type") == code, f"__type {answer.body.get('__type')!r} (wanted {code!r})"
    )
    expect(isinstance(answer.body.get("message"), str), f"message missing: {answer!r}")
    query_error = answer.headers.get("x-amzn-query-error", "")
    expect(query_error.startswith(code + ";"), f"x-amzn-query-error {query_error!r}")


# --- cases ----------------------------------------------------------------------


class Cases:
    """The self-test cases, sharing names and timestamps through one run."""

    def __init__(self, client):
        self.client = client
        run = uuid.uuid4().hex[:8]
        self.prefix = f"selftest-{run}-"
        self.math_alarm = self.prefix + "5xx-rate"
        self.plain_alarm = self.prefix + "latency"
        self.api = f"selftest-api-{run}"
        # Whole minute, a few minutes back, so Period=60 buckets are predictable.
        self.when = (int(time.time()) // 60 - 3) * 60 + 10.5
        self.dimensions = [
            {"Name": "ApiName", "Value": self.api},
            {"Name": "Stage", "Value": "prod"},
        ]

    def call(self, operation, payload, **kwargs):
        return call(self.client, operation, payload, **kwargs)

    def put_metric_alarm_metric_math(self):
        answer = self.call("PutMetricAlarm", self.math_alarm_input())
        expect_cbor_ok(answer, "PutMetricAlarm")

    def math_alarm_input(self):
        return {
            "AlarmName": self.math_alarm,
            "AlarmDescription": "5XX rate above 5 %",
            "ActionsEnabled": True,
            "AlarmActions": [TOPIC],
            "OKActions": [TOPIC],
            "TreatMissingData": "notBreaching",
            "Threshold": 5.0,
            "ComparisonOperator": "GreaterThanThreshold",
            "EvaluationPeriods": 3,
            "DatapointsToAlarm": 2,
            "Metrics": [
                {
                    "Id": "rate",
                    "Expression": "100 * errors / MAX([errors, 1])",
                    "Label": "5XX %",
                    "ReturnData": True,
                },
                {
                    "Id": "errors",
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/ApiGateway",
                            "MetricName": "5XXError",
                            "Dimensions": self.dimensions,
                        },
                        "Period": 60,
                        "Stat": "Sum",
                    },
                    "ReturnData": False,
                },
            ],
            "Tags": [{"Key": "owner", "Value": "apigw"}],
        }

    def put_metric_alarm_classic(self):
        answer = self.call(
            "PutMetricAlarm",
            {
                "AlarmName": self.plain_alarm,
                "Namespace": "AWS/ApiGateway",
                "MetricName": "Latency",
                "Dimensions": self.dimensions,
                "Statistic": "Average",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 1500.25,
                "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "Unit": "Milliseconds",
            },
        )
        expect_cbor_ok(answer, "PutMetricAlarm")

    def describe_alarms_by_names(self):
        answer = self.call("DescribeAlarms", {"AlarmNames": [self.math_alarm]})
        expect_cbor_ok(answer, "DescribeAlarms")
        alarms = answer.body.get("MetricAlarms", [])
        expect(len(alarms) == 1, f"wanted 1 alarm, got {alarms!r}")
        self.check_math_alarm(alarms[0])

    def check_math_alarm(self, alarm):
        """Everything PutMetricAlarm sent comes back, typed as the Rust SDK expects."""
        expect(alarm["AlarmName"] == self.math_alarm, f"name {alarm.get('AlarmName')!r}")
        expect(
            isinstance(alarm.get("Threshold"), float) and alarm["Threshold"] == 5.0,
            f"Threshold {alarm.get('Threshold')!r}",
        )
        for field in ("StateUpdatedTimestamp", "AlarmConfigurationUpdatedTimestamp"):
            value = alarm.get(field)
            expect(isinstance(value, cbor2.CBORTag) and value.tag == 1, f"{field} {value!r}")
        expect(
            alarm.get("EvaluationPeriods") == 3,
            f"EvaluationPeriods {alarm.get('EvaluationPeriods')!r}",
        )
        expect(alarm.get("ComparisonOperator") == "GreaterThanThreshold", "ComparisonOperator")
        expect(alarm.get("TreatMissingData") == "notBreaching", "TreatMissingData")
        expect(
            alarm.get("AlarmActions") == [TOPIC] and alarm.get("OKActions") == [TOPIC], "actions"
        )
        expect(
            alarm.get("StateValue") in ("OK", "ALARM", "INSUFFICIENT_DATA"),
            f"StateValue {alarm.get('StateValue')!r}",
        )
        metrics = alarm.get("Metrics", [])
        expect(len(metrics) == 2, f"Metrics {metrics!r}")
        expression, stat = metrics
        expect(
            expression == self.math_alarm_input()["Metrics"][0], f"expression query {expression!r}"
        )
        expect(stat["Id"] == "errors" and stat["ReturnData"] is False, f"stat query {stat!r}")
        metric_stat = stat.get("MetricStat", {})
        expect(
            metric_stat.get("Period") == 60 and metric_stat.get("Stat") == "Sum",
            f"MetricStat {metric_stat!r}",
        )
        expect(
            metric_stat.get("Metric", {}).get("Dimensions") == self.dimensions,
            f"Dimensions {metric_stat!r}",
        )
        for field in ("AlarmDescription", "DatapointsToAlarm"):
            if field not in alarm:
                NOTES.append(f"DescribeAlarms: moto drops {field} of a metric-math alarm")

    def describe_alarms_by_prefix(self):
        answer = self.call(
            "DescribeAlarms", {"AlarmNamePrefix": self.prefix, "AlarmTypes": ["MetricAlarm"]}
        )
        expect_cbor_ok(answer, "DescribeAlarms")
        alarms = {a["AlarmName"]: a for a in answer.body.get("MetricAlarms", [])}
        expect(set(alarms) == {self.math_alarm, self.plain_alarm}, f"alarms {sorted(alarms)}")
        plain = alarms[self.plain_alarm]
        expect(
            plain.get("Threshold") == 1500.25 and isinstance(plain["Threshold"], float),
            f"Threshold {plain.get('Threshold')!r}",
        )
        expect(
            plain.get("Period") == 60 and plain.get("Statistic") == "Average",
            f"classic alarm {plain!r}",
        )
        expect(
            plain.get("Dimensions") == self.dimensions, f"Dimensions {plain.get('Dimensions')!r}"
        )

    def describe_alarms_empty_body(self):
        """Ops whose input is all optional may come with an empty body."""
        answer = Answer(*self.client.cbor("DescribeAlarms", None, raw_body=b""))
        expect_cbor_ok(answer, "DescribeAlarms")

    def put_metric_data(self):
        datum = {
            "MetricName": "Count",
            "Timestamp": tag1(self.when),
            "Unit": "Count",
            "Dimensions": self.dimensions,
        }
        answer = self.call(
            "PutMetricData",
            {
                "Namespace": "AWS/ApiGateway",
                "MetricData": [dict(datum, Value=4.0), dict(datum, Value=6.0)],
            },
        )
        expect_cbor_ok(answer, "PutMetricData")

    def put_metric_data_gzip(self):
        """The SDK gzips PutMetricData bodies over 10 KiB (request compression)."""
        data = [
            {
                "MetricName": "Latency",
                "Timestamp": tag1(self.when),
                "Value": float(i),
                "Unit": "Milliseconds",
                "Dimensions": self.dimensions,
            }
            for i in range(1, 101)
        ]
        body = encode_input({"Namespace": "AWS/ApiGateway", "MetricData": data})
        expect(len(body) > 10240, f"body only {len(body)} bytes")
        answer = Answer(*self.client.cbor("PutMetricData", None, raw_body=body, gzip_body=True))
        expect_cbor_ok(answer, "PutMetricData")
        stats = self.get_statistics("Latency", {"Statistics": ["SampleCount", "Maximum"]})
        points = stats.body.get("Datapoints", [])
        expect(
            len(points) == 1
            and points[0].get("SampleCount") == 100.0
            and points[0].get("Maximum") == 100.0,
            f"gzip data {points!r}",
        )

    def get_statistics(self, metric, extra):
        payload = {
            "Namespace": "AWS/ApiGateway",
            "MetricName": metric,
            "Dimensions": self.dimensions,
            "StartTime": tag1(self.when - 600),
            "EndTime": tag1(self.when + 600),
            "Period": 60,
        }
        answer = self.call("GetMetricStatistics", dict(payload, **extra))
        expect_cbor_ok(answer, "GetMetricStatistics")
        return answer

    def get_metric_statistics_sum_average(self):
        answer = self.get_statistics("Count", {"Statistics": ["Sum", "Average"]})
        expect(answer.body.get("Label") == "Count", f"Label {answer.body.get('Label')!r}")
        points = answer.body.get("Datapoints", [])
        expect(len(points) == 1, f"Datapoints {points!r}")
        point = points[0]
        expect(
            isinstance(point.get("Timestamp"), cbor2.CBORTag) and point["Timestamp"].tag == 1,
            f"Timestamp {point.get('Timestamp')!r}",
        )
        expect(
            isinstance(point.get("Sum"), float) and point["Sum"] == 10.0,
            f"Sum {point.get('Sum')!r}",
        )
        expect(
            isinstance(point.get("Average"), float) and point["Average"] == 5.0,
            f"Average {point.get('Average')!r}",
        )
        if "Unit" not in point:
            NOTES.append("GetMetricStatistics: moto leaves Unit out of Datapoints")

    def get_metric_statistics_p99(self):
        answer = self.get_statistics("Count", {"ExtendedStatistics": ["p99"]})
        points = answer.body.get("Datapoints", [])
        expect(len(points) == 1, f"Datapoints {points!r}")
        expect(isinstance(points[0].get("Timestamp"), cbor2.CBORTag), f"Timestamp {points[0]!r}")
        extended = points[0].get("ExtendedStatistics")
        if not extended:
            NOTES.append(
                "GetMetricStatistics: moto accepts ExtendedStatistics=[p99] but returns no "
                f"ExtendedStatistics values (datapoint: {points[0]!r})"
            )
        else:
            expect(
                all(isinstance(v, float) for v in extended.values()),
                f"ExtendedStatistics {extended!r}",
            )

    def error_missing_statistics(self):
        answer = self.call(
            "GetMetricStatistics",
            {
                "Namespace": "AWS/ApiGateway",
                "MetricName": "Count",
                "StartTime": tag1(self.when - 60),
                "EndTime": tag1(self.when),
                "Period": 60,
            },
        )
        expect_cbor_error(answer, 400, "InvalidParameterCombination")

    def error_resource_not_found(self):
        """moto answers SetAlarmState on an unknown alarm with ResourceNotFound (404)."""
        answer = self.call(
            "SetAlarmState",
            {"AlarmName": self.prefix + "missing", "StateValue": "OK", "StateReason": "x"},
        )
        expect_cbor_error(answer, 404, "ResourceNotFound")

    def error_unimplemented_operation(self):
        """An operation moto lacks still gets a CBOR error, not an HTML page."""
        answer = self.call("DescribeAlarmHistory", {"AlarmName": self.math_alarm})
        expect_cbor_error(answer, 501, "NotImplemented")
        NOTES.append(f"DescribeAlarmHistory is not implemented by moto: {answer.body['message']}")

    def error_unknown_operation(self):
        answer = self.call("NoSuchOperation", {})
        expect_cbor_error(answer, 400, "UnknownOperationException")

    def error_bad_cbor(self):
        answer = Answer(*self.client.cbor("DescribeAlarms", None, raw_body=b"\xff\xfe not cbor"))
        expect_cbor_error(answer, 400, "SerializationException")

    def delete_alarms(self):
        answer = self.call("DeleteAlarms", {"AlarmNames": [self.math_alarm, self.plain_alarm]})
        expect_cbor_ok(answer, "DeleteAlarms")
        after = self.call("DescribeAlarms", {"AlarmNamePrefix": self.prefix})
        expect_cbor_ok(after, "DescribeAlarms")
        expect(after.body.get("MetricAlarms") == [], f"alarms left: {after.body!r}")

    def offline_output_typing(self):
        """The encoder itself, on JSON moto could plausibly send (ints for doubles, ISO dates)."""
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import server  # noqa: E402  (only needed for this case)

        shape = MODEL.operation_model("DescribeAlarms").output_shape
        answer = {
            "MetricAlarms": [
                {
                    "AlarmName": "a",
                    "Threshold": 5,
                    "EvaluationPeriods": 3.0,
                    "ActionsEnabled": "true",
                    "StateUpdatedTimestamp": "2024-01-02T03:04:05.250Z",
                    "AlarmConfigurationUpdatedTimestamp": 1700000000,
                    "NotInModel": 1,
                }
            ],
            "Extra": [],
        }
        encoded = cbor2.loads(
            cbor2.dumps(server.encode_structure(shape, answer)), semantic_decoders=KEEP_TAGS
        )
        alarm = encoded["MetricAlarms"][0]
        expect(
            not shape_problems(shape, encoded), f"typing problems: {shape_problems(shape, encoded)}"
        )
        expect(
            alarm["Threshold"] == 5.0 and isinstance(alarm["Threshold"], float),
            f"Threshold {alarm['Threshold']!r}",
        )
        expect(
            alarm["EvaluationPeriods"] == 3 and isinstance(alarm["EvaluationPeriods"], int),
            "EvaluationPeriods",
        )
        expect(alarm["ActionsEnabled"] is True, "ActionsEnabled")
        expect(
            alarm["StateUpdatedTimestamp"] == cbor2.CBORTag(1, 1704164645.25),
            f"ISO timestamp {alarm['StateUpdatedTimestamp']!r}",
        )
        expect(
            alarm["AlarmConfigurationUpdatedTimestamp"] == cbor2.CBORTag(1, 1700000000.0),
            "epoch timestamp",
        )
        expect("NotInModel" not in alarm and "Extra" not in encoded, "unknown members kept")

    def passthrough_json(self):
        """Non-CBOR requests must reach moto untouched (awsJson answered in JSON)."""
        status, headers, raw = self.client.send(
            "POST",
            "/",
            {
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"{TARGET_PREFIX}.ListMetrics",
            },
            json.dumps({"Namespace": "AWS/ApiGateway"}).encode(),
        )
        expect(status == 200, f"status {status}: {raw[:200]!r}")
        expect("Metrics" in json.loads(raw), f"body {raw[:200]!r}")
        expect(
            not any(k.lower() == "smithy-protocol" for k, _ in headers),
            "bridge touched a JSON request",
        )

    def passthrough_query(self):
        """A Query-protocol CloudWatch call (form body) is also left alone."""
        status, _, raw = self.client.send(
            "POST",
            "/",
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"Action=ListMetrics&Version=2010-08-01",
        )
        expect(status == 200 and b"ListMetricsResponse" in raw, f"status {status}: {raw[:200]!r}")

    ORDER = [
        "put_metric_alarm_metric_math",
        "put_metric_alarm_classic",
        "describe_alarms_by_names",
        "describe_alarms_by_prefix",
        "describe_alarms_empty_body",
        "put_metric_data",
        "get_metric_statistics_sum_average",
        "get_metric_statistics_p99",
        "put_metric_data_gzip",
        "error_missing_statistics",
        "error_resource_not_found",
        "error_unimplemented_operation",
        "error_unknown_operation",
        "error_bad_cbor",
        "delete_alarms",
        "offline_output_typing",
        "passthrough_json",
        "passthrough_query",
    ]


def default_endpoint():
    """APIGW_EMULATOR_ENDPOINT, else the port scripts/emulator-start recorded."""
    if os.environ.get("APIGW_EMULATOR_ENDPOINT"):
        return os.environ["APIGW_EMULATOR_ENDPOINT"]
    port_file = os.path.join(os.path.dirname(__file__), "..", "..", ".emulator", "port")
    try:
        with open(port_file, encoding="ascii") as handle:
            return f"http://127.0.0.1:{handle.read().strip()}"
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--endpoint",
        default=default_endpoint(),
        help="emulator URL (default: $APIGW_EMULATOR_ENDPOINT or .emulator/port)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of failures")
    args = parser.parse_args()
    if not args.endpoint:
        parser.error("no endpoint: start scripts/emulator-start or pass --endpoint")
    cases = Cases(Client(args.endpoint))
    failed = 0
    for name in Cases.ORDER:
        try:
            getattr(cases, name)()
            print(f"PASS {name}")
        except Exception as exc:  # report every case, keep going
            failed += 1
            print(f"FAIL {name}: {exc}")
            if args.verbose:
                traceback.print_exc()
    for note in dict.fromkeys(NOTES):
        print(f"NOTE {note}")
    print(f"{len(Cases.ORDER) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
