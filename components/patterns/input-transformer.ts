import type { PatternProblem } from "./problems";

/** An input transformer in AWS's shape. */
export interface InputTransformer {
    inputPaths?: Record<string, string>;
    inputTemplate: string;
}

/** Context for predefined variables. */
export interface RenderContext {
    ruleName?: string;
    ruleArn?: string;
    ingestionTime?: string;
}

/** Every reason EventBridge would reject the transformer. */
export function validateInputTransformer(transformer: InputTransformer): PatternProblem[] {
    void transformer;
    throw new Error("validateInputTransformer: implementation lands in the next commit");
}

/** Builds a validated input transformer. */
export function transform(spec: { paths?: Record<string, string>; template: string }): InputTransformer {
    void spec;
    throw new Error("transform: implementation lands in the next commit");
}

/** What EventBridge would deliver to the target. */
export function renderInputTransformer(transformer: InputTransformer, event: unknown, context?: RenderContext): string {
    void transformer; void event; void context;
    throw new Error("renderInputTransformer: implementation lands in a following commit");
}
