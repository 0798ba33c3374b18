//! The CloudWatch and SNS operations: one [`Op`] per AWS operation, named after it, shared by the SDK
//! adapter, the runtime decorator (apigw-facade) and the simulator (apigw-sim), so the kind
//! (read / write safe to repeat / create not idempotent) and the eventual-consistency flag are
//! written once.

use apigw_core::{Op, Service};

/// `PutMetricAlarm`: a write, safe to repeat.
pub const PUT_METRIC_ALARM: Op = Op::write(Service::CloudWatch, "PutMetricAlarm");
/// `DescribeAlarms`: a read.
pub const DESCRIBE_ALARMS: Op = Op::read(Service::CloudWatch, "DescribeAlarms");
/// `DeleteAlarms`: a write, safe to repeat.
pub const DELETE_ALARMS: Op = Op::write(Service::CloudWatch, "DeleteAlarms");
/// `GetMetricStatistics`: a read.
pub const GET_METRIC_STATISTICS: Op = Op::read(Service::CloudWatch, "GetMetricStatistics");
/// A create, not a write: a repeated `PutMetricData` counts its values twice. It is sent with
/// `call` (nothing to look up), so a transient failure is returned, not retried; throttling
/// (nothing stored) is still retried.
pub const PUT_METRIC_DATA: Op = Op::create(Service::CloudWatch, "PutMetricData");
/// `GetTopicAttributes`: a read.
pub const GET_TOPIC_ATTRIBUTES: Op = Op::read(Service::Sns, "GetTopicAttributes");
/// `ListTopics`: a read.
pub const LIST_TOPICS: Op = Op::read(Service::Sns, "ListTopics");
