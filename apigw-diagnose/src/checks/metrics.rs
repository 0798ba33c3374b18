//! `client-errors`, `server-errors` and `latency`: API Gateway's own metrics over the window
//! (`AWS/ApiGateway`, dimensions `ApiName` + `Stage`, period 60 s).

use apigw_alarms::{
    Datapoint, ErrorMetric, Statistic, METRIC_COUNT, METRIC_INTEGRATION_LATENCY, METRIC_LATENCY,
};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::{Ctx, PERIOD};
use crate::model::CheckId;
use crate::time::rfc3339;

const P99: &str = "p99";

pub(crate) async fn client_errors(cx: &Ctx<'_>) -> crate::CheckReport {
    settle(error_rate(cx, ErrorMetric::ClientErrors).await)
}

pub(crate) async fn server_errors(cx: &Ctx<'_>) -> crate::CheckReport {
    settle(error_rate(cx, ErrorMetric::ServerErrors).await)
}

pub(crate) async fn latency(cx: &Ctx<'_>) -> crate::CheckReport {
    settle(latency_check(cx).await)
}

/// `aws cloudwatch get-metric-statistics …` for one metric of the API.
fn metric_command(cx: &Ctx<'_>, api_name: &str, metric: &str, statistics: &[&str]) -> String {
    let window = cx.t.window;
    let api_dimension = format!("Name=ApiName,Value={api_name}");
    let stage_dimension = format!("Name=Stage,Value={}", cx.t.stage);
    let (start, end, period) = (
        rfc3339(window.start),
        rfc3339(window.end),
        PERIOD.to_string(),
    );
    let mut parts = vec![
        "aws",
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "AWS/ApiGateway",
        "--metric-name",
        metric,
        "--dimensions",
        &api_dimension,
        &stage_dimension,
        "--start-time",
        &start,
        "--end-time",
        &end,
        "--period",
        &period,
    ];
    let extended = statistics.iter().any(|s| s.starts_with('p'));
    parts.push(if extended {
        "--extended-statistics"
    } else {
        "--statistics"
    });
    parts.extend_from_slice(statistics);
    parts.extend_from_slice(&["--region", cx.d.region()]);
    command::line(&parts)
}

fn sum(points: &[Datapoint]) -> f64 {
    points.iter().filter_map(|p| p.sum).sum()
}

async fn error_rate(cx: &Ctx<'_>, metric: ErrorMetric) -> Outcome {
    let (id, threshold) = match metric {
        ErrorMetric::ClientErrors => (CheckId::ClientErrors, cx.t.thresholds.client_errors_percent),
        ErrorMetric::ServerErrors => (CheckId::ServerErrors, cx.t.thresholds.server_errors_percent),
    };
    let metric_name = metric.metric_name();
    let name = cx.t.api_name.clone().unwrap_or_default();
    let api = match cx.api().await {
        Ok(api) => api,
        Err(e) => {
            let command = metric_command(cx, &name, metric_name, &["Sum"]);
            return Err(could_not_run(id, &command)(e));
        }
    };
    let command = [
        metric_command(cx, &api.name, metric_name, &["Sum"]),
        metric_command(cx, &api.name, METRIC_COUNT, &["Sum"]),
    ]
    .join("\n");
    let query = cx.metric_query(&api.name, metric_name, &[Statistic::Sum]);
    let (errors, requests) = futures::join!(
        async {
            cx.d.cloudwatch
                .get_metric_statistics(&query)
                .await
                .map_err(std::sync::Arc::new)
        },
        cx.requests()
    );
    let errors = errors.map_err(could_not_run(id, &command))?;
    let requests = requests.map_err(could_not_run(id, &command))?;
    let (error_count, request_count) = (sum(&errors), sum(requests));
    let rate = (request_count > 0.0).then(|| 100.0 * error_count / request_count);
    let worst = errors
        .iter()
        .filter(|p| p.sum.unwrap_or(0.0) > 0.0)
        .max_by(|a, b| a.sum.unwrap_or(0.0).total_cmp(&b.sum.unwrap_or(0.0)));
    let evidence = json!({
        "metric": metric_name,
        "api_name": api.name,
        "stage": cx.t.stage,
        "period_seconds": PERIOD,
        "errors": error_count,
        "requests": request_count,
        "rate_percent": rate.map(round2),
        "threshold_percent": threshold,
        "worst_minute": worst.map(|p| json!({"timestamp": rfc3339(p.timestamp), "errors": p.sum})),
    });
    let kind = if metric == ErrorMetric::ClientErrors {
        "4XX"
    } else {
        "5XX"
    };
    let remediation = remediation(cx, api, metric);
    let mut findings = Findings::new(id);
    match rate {
        Some(rate) if rate > threshold => findings.fail(
            format!(
                "{kind} rate {:.2} % ({error_count} of {request_count} requests) is above the {threshold} % threshold",
                round2(rate)
            ),
            remediation,
        ),
        Some(rate) if error_count > 0.0 => findings.warn(
            format!(
                "{error_count} {kind} answers ({:.2} % of {request_count} requests), below the {threshold} % threshold",
                round2(rate)
            ),
            remediation,
        ),
        None if error_count > 0.0 => findings.warn(
            format!("{error_count} {kind} answers but no request count in the window"),
            remediation,
        ),
        _ => {}
    }
    let pass = if request_count > 0.0 {
        format!("no {kind} answers in {request_count} requests")
    } else {
        "no requests in the window: nothing to measure".to_owned()
    };
    Ok(findings.report(pass, evidence, command))
}

fn remediation(cx: &Ctx<'_>, api: &apigw_core::restapi::RestApi, metric: ErrorMetric) -> String {
    let logs = command::apigateway(
        "update-stage",
        &[
            "--rest-api-id",
            &api.id,
            "--stage-name",
            &cx.t.stage,
            "--patch-operations",
            "op=replace,path=/*/*/logging/loglevel,value=INFO",
        ],
        cx.d.region(),
    );
    match metric {
        ErrorMetric::ClientErrors => format!(
            "find which status dominates in the execution logs: 403 -> see the forbidden check, 404 -> not-found, 429 -> throttling, 400 -> request bodies or parameters the callers send; turn on execution logs with: {logs}"
        ),
        _ => format!(
            "5XX come from the backend (502/504: see the integration and latency checks, and the backend's own logs for the worst minute) or from API Gateway's configuration (500: see integration and iam-role); turn on execution logs with: {logs}"
        ),
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The request-weighted average of per-minute averages, and the number of samples.
fn weighted_average(points: &[Datapoint]) -> Option<(f64, f64)> {
    let (mut total, mut samples) = (0.0, 0.0);
    for point in points {
        if let Some(average) = point.average {
            let n = point.sample_count.unwrap_or(1.0);
            total += average * n;
            samples += n;
        }
    }
    (samples > 0.0).then(|| (total / samples, samples))
}

async fn latency_check(cx: &Ctx<'_>) -> Outcome {
    let id = CheckId::Latency;
    let name = cx.t.api_name.clone().unwrap_or_default();
    let api = match cx.api().await {
        Ok(api) => api,
        Err(e) => {
            let command = metric_command(cx, &name, METRIC_LATENCY, &["Average"]);
            return Err(could_not_run(id, &command)(e));
        }
    };
    let command = [
        metric_command(cx, &api.name, METRIC_LATENCY, &["Average", "SampleCount"]),
        metric_command(cx, &api.name, METRIC_LATENCY, &[P99]),
        metric_command(
            cx,
            &api.name,
            METRIC_INTEGRATION_LATENCY,
            &["Average", "SampleCount"],
        ),
    ]
    .join("\n");
    let averages = [Statistic::Average, Statistic::SampleCount];
    let latency_query = cx
        .metric_query(&api.name, METRIC_LATENCY, &averages)
        .with_extended([P99]);
    let integration_query = cx.metric_query(&api.name, METRIC_INTEGRATION_LATENCY, &averages);
    let cw = &cx.d.cloudwatch;
    let (latency, integration) = futures::join!(
        cw.get_metric_statistics(&latency_query),
        cw.get_metric_statistics(&integration_query)
    );
    let fail_to_run = |e| could_not_run(id, &command)(std::sync::Arc::new(e));
    let latency = latency.map_err(fail_to_run)?;
    let integration = integration.map_err(fail_to_run)?;
    let threshold = cx.t.thresholds.latency_ms;
    let Some((average, samples)) = weighted_average(&latency) else {
        let evidence = json!({"api_name": api.name, "stage": cx.t.stage, "threshold_ms": threshold, "samples": 0});
        return Ok(Findings::new(id).report(
            "no Latency data in the window: nothing to measure",
            evidence,
            command,
        ));
    };
    let p99 = latency
        .iter()
        .filter_map(|p| p.extended.get(P99).copied())
        .reduce(f64::max);
    let integration_average = weighted_average(&integration).map(|(avg, _)| avg);
    let backend_ms = integration_average.unwrap_or(0.0).min(average);
    let gateway_ms = average - backend_ms;
    let dominant = if backend_ms >= gateway_ms {
        "backend"
    } else {
        "gateway"
    };
    let evidence = json!({
        "api_name": api.name,
        "stage": cx.t.stage,
        "period_seconds": PERIOD,
        "samples": samples,
        "latency_average_ms": round2(average),
        "latency_p99_ms": p99.map(round2),
        "integration_latency_average_ms": integration_average.map(round2),
        "gateway_overhead_ms": round2(gateway_ms),
        "dominant": dominant,
        "threshold_ms": threshold,
    });
    let explanation = match (dominant, integration_average) {
        ("backend", _) => format!(
            "the backend dominates: IntegrationLatency averages {:.0} ms of it",
            backend_ms
        ),
        (_, Some(_)) => format!(
            "API Gateway dominates: {:.0} ms is spent outside the backend (IntegrationLatency {:.0} ms)",
            gateway_ms, backend_ms
        ),
        _ => "API Gateway dominates: no IntegrationLatency was recorded".to_owned(),
    };
    let remediation = if dominant == "backend" {
        "the time is spent in the backend: look at the backend's own latency and logs for the slow minutes (for Lambda: duration, cold starts, concurrency), scale it or cache its answers; tighten the integration timeout so callers fail fast".to_owned()
    } else {
        "the time is spent in API Gateway itself: look at authorizers (CUSTOM/Cognito) and their caching, mapping templates, request validation and payload sizes; for callers in the API's region a REGIONAL endpoint avoids the CloudFront hop of EDGE; consider stage caching".to_owned()
    };
    let mut findings = Findings::new(id);
    if average > threshold {
        findings.fail(
            format!(
                "average latency {:.0} ms is above the {threshold} ms threshold; {explanation}",
                average
            ),
            remediation,
        );
    } else if let Some(p99) = p99.filter(|p| *p > threshold) {
        findings.warn(
            format!(
                "p99 latency {:.0} ms is above {threshold} ms while the average ({:.0} ms) is within it; {explanation}",
                p99, average
            ),
            remediation,
        );
    }
    let pass = format!(
        "average latency {:.0} ms (p99 {}) is within {threshold} ms; {explanation}",
        average,
        p99.map_or("n/a".to_owned(), |p| format!("{p:.0} ms"))
    );
    Ok(findings.report(pass, evidence, command))
}
