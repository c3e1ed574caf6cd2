import { ingressEmittedEvents } from "./providers/catalogue";
const e = ingressEmittedEvents({ provider: "stripe" }, "t")!;
const walk = (s: any, p: string[]): void => { if (typeof s !== "object") { if (p.length >= 4 && s === "unknown") console.log(p.join(".")); return; } for (const [k, v] of Object.entries(s)) walk(v, [...p, k]); };
walk((e.detailTypes["charge.succeeded"] as any).payload.data.object, []);
