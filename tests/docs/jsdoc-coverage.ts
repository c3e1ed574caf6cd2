/**
 * JSDoc coverage of the public API: the exports of the package entry (the first entry point), and
 * the Args/Options interfaces of the others (the component folders' indexes), with their members.
 */
import * as ts from "typescript";

const ARGS = /(Args|Options)$/;

export interface Coverage {
    exports: string[];
    undocumentedExports: string[];
    members: string[];
    undocumentedMembers: string[];
    optionalArgsMembers: string[];
    withoutDefault: string[];
}

function hasJsDoc(node: ts.Node): boolean {
    const documented = (n: ts.Node) => ts.getJSDocCommentsAndTags(n).some((doc) => ts.isJSDoc(doc));
    if (ts.isVariableDeclaration(node)) return documented(node) || documented(node.parent.parent);
    return documented(node);
}

/** The object types a type stands for: itself, or each object member of a union. */
function objectTypes(type: ts.Type): ts.Type[] {
    const parts = type.isUnion() ? type.types : [type];
    return parts.filter((t) => t.flags & ts.TypeFlags.Object && t.getCallSignatures().length === 0);
}

export function coverage(program: ts.Program, entryPoints: readonly string[]): Coverage {
    const checker = program.getTypeChecker();
    const result: Coverage = { exports: [], undocumentedExports: [], members: [], undocumentedMembers: [], optionalArgsMembers: [], withoutDefault: [] };
    const seen = new Set<ts.Symbol>();
    entryPoints.forEach((entry, index) => {
        const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
        for (const exported of checker.getExportsOfModule(module)) {
            const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
            // The package entry in full; the component folders' indexes for their Args and Options.
            if ((index > 0 && !ARGS.test(exported.name)) || seen.has(symbol)) continue;
            seen.add(symbol);
            const declarations = symbol.declarations ?? [];
            result.exports.push(exported.name);
            if (!declarations.some((d) => hasJsDoc(d) || ts.isSourceFile(d))) result.undocumentedExports.push(exported.name);
            if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
            const isArgs = ARGS.test(exported.name);
            const memberNames = new Set<string>();
            for (const type of objectTypes(checker.getDeclaredTypeOfSymbol(symbol))) {
                for (const property of checker.getPropertiesOfType(type)) {
                    const declaration = property.declarations?.[0];
                    if (!declaration || declaration.getSourceFile().fileName.includes("node_modules")) continue;
                    if (!ts.isPropertySignature(declaration) && !ts.isMethodSignature(declaration)) continue;
                    const name = `${exported.name}.${property.name}`;
                    if (memberNames.has(name)) continue;
                    memberNames.add(name);
                    result.members.push(name);
                    if (!hasJsDoc(declaration)) result.undocumentedMembers.push(name);
                    if (isArgs && declaration.questionToken) {
                        result.optionalArgsMembers.push(name);
                        if (!ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === "default")) result.withoutDefault.push(name);
                    }
                }
            }
        }
    });
    return result;
}
