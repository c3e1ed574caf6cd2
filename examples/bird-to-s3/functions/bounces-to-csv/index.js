// Turns each bounce event (one record of a Bird batch) into a CSV row stored in S3 under its
// batch id and record index. Bird retries a batch with the same batch id, so a redelivered
// batch overwrites the same objects instead of duplicating rows.
const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");

const s3 = new S3Client({});
const columns = ["batch_id", "record_index", "type", "timestamp", "recipient", "bounce_class", "reason", "message_id", "campaign_id"];

function csvField(value) {
    const text = value === undefined || value === null ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

exports.handler = async (event) => {
    const { metadata, payload } = event.detail;
    const record = Object.values(payload.msys)[0] || {};
    const row = [
        metadata.batchId,
        metadata.recordIndex,
        record.type,
        record.timestamp,
        record.rcpt_to,
        record.bounce_class,
        record.raw_reason || record.reason,
        record.message_id,
        record.campaign_id,
    ];
    const key = `${process.env.CSV_PREFIX}${metadata.batchId}/${String(metadata.recordIndex).padStart(4, "0")}.csv`;
    await s3.send(new PutObjectCommand({
        Bucket: process.env.CSV_BUCKET,
        Key: key,
        ContentType: "text/csv",
        Body: `${columns.join(",")}\n${row.map(csvField).join(",")}\n`,
    }));
    console.log(JSON.stringify({ message: "bounce stored", key, bounceClass: record.bounce_class }));
    return { key };
};
