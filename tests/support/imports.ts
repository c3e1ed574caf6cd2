import * as fs from "fs";
import * as ts from "typescript";

export interface Import { readonly from: string; readonly specifier: string; readonly typeOnly: boolean }

/** Every import, export-from, require() and import() of a file, with whether it is type-only. */
export function importsOf(file: string, text: string = fs.readFileSync(file, "utf8")): Import[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const found: Import[] = [];
    const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
            found.push({ from: file, specifier: node.moduleSpecifier.text, typeOnly });
        } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])
            && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
            found.push({ from: file, specifier: node.arguments[0].text, typeOnly: false });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}
