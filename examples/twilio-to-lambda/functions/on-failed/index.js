// Receives one failed or undelivered message status (already reduced by the rule's input
// transformer to what matters) and logs it as one structured line. Twilio's error codes
// (https://www.twilio.com/docs/api/errors) tell carrier rejections (30007) from unreachable
// handsets (30003) or unknown numbers (30005): a metric filter on `errorCode` makes alarms of them.
exports.handler = async (input) => {
    const entry = {
        message: "message not delivered",
        messageSid: input.messageSid,
        status: input.status,
        errorCode: input.errorCode || null,
        to: input.to ? input.to.replace(/\d(?=\d{4})/g, "•") : null,
        deliveryId: input.deliveryId,
    };
    console.log(JSON.stringify(entry));
    return entry;
};
