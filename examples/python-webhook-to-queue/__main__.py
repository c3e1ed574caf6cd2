"""GitHub webhooks verified and put on a bus; opened pull requests queued in SQS."""
import pulumi
import pulumi_aws as aws
import pulumi_eventbridge_kit as ebk

cfg = pulumi.Config()

bus = aws.cloudwatch.EventBus("bus", name=f"github-{pulumi.get_stack()}")
inbox = aws.sqs.Queue("inbox", sqs_managed_sse_enabled=True)

# A public URL that verifies GitHub's signature before an event reaches the bus.
github = ebk.WebhookIngress(
    "github",
    provider={"github": {}},
    secret={"value": cfg.require_secret("githubWebhookSecret")},
    event_bus=bus,
)

# Opened pull requests to the queue: pattern validated and tested with the examples, the
# queue's policy scoped to this rule, a dead-letter queue and alarms created.
pr_opened = ebk.SafeRule(
    "prOpened",
    event_bus=bus,
    pattern={
        "source": ["github.com"],
        "detail-type": ["pull_request"],
        "detail": {"payload": {"action": ["opened"]}},
    },
    examples={
        "match": [{
            "source": "github.com",
            "detail-type": "pull_request",
            "detail": {"payload": {"action": "opened", "repository": {"full_name": "octo/hello"}}},
        }],
        "no_match": [{
            "source": "github.com",
            "detail-type": "pull_request",
            "detail": {"payload": {"action": "closed"}},
        }],
    },
    targets=[{
        "queue": inbox,
        "input": {
            "paths": {"repo": "$.detail.payload.repository.full_name"},
            "template": '{"repo": <repo>}',
        },
    }],
)

# Paste into the repository's webhook settings (content type application/json).
pulumi.export("webhookUrl", github.url)
pulumi.export("queueUrl", inbox.url)
pulumi.export("ruleArn", pr_opened.rule_arn)
