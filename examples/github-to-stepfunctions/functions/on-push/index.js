// Runs for every push to main: logs what changed, one structured line per push, so a
// CloudWatch Logs Insights query (or a metric filter) can follow deployments of main.
exports.handler = async (event) => {
    const push = event.detail.payload;
    const summary = {
        deliveryId: event.detail.metadata.deliveryId,
        repository: push.repository && push.repository.full_name,
        pusher: push.pusher && push.pusher.name,
        before: push.before,
        after: push.after,
        commits: Array.isArray(push.commits) ? push.commits.length : 0,
        headCommit: push.head_commit ? push.head_commit.message.split("\n")[0] : null,
    };
    console.log(JSON.stringify({ message: "push to main", ...summary }));
    return summary;
};
