// Operations support: the field names of Kubernetes objects, read from kubernetes-models' type
// declarations with the TypeScript checker, to find fields the API server would refuse as unknown
// (strict field validation): kubernetes-models' JSON-schema validators accept any extra field.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** `kubernetes-models` module path and interface of each kind the manifests use. */
export const kubernetesKinds: Readonly<Record<string, { module: string; type: string }>> = {
  'v1/Namespace': { module: 'v1/Namespace', type: 'INamespace' },
  'v1/ConfigMap': { module: 'v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { module: 'v1/Secret', type: 'ISecret' },
  'v1/Service': { module: 'v1/Service', type: 'IService' },
  'apps/v1/Deployment': { module: 'apps/v1/Deployment', type: 'IDeployment' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'autoscaling/v2/HorizontalPodAutoscaler', type: 'IHorizontalPodAutoscaler' },
  'policy/v1/PodDisruptionBudget': { module: 'policy/v1/PodDisruptionBudget', type: 'IPodDisruptionBudget' },
};

/** Creates a checker over kubernetes-models' declarations; `unknownFields` lists the paths of fields `object` has and its kind does not. */
export function kubernetesFieldChecker(): { unknownFields(kindKey: string, object: unknown): string[] } {
  const require = createRequire(import.meta.url);
  const modelsDir = dirname(require.resolve('kubernetes-models/package.json'));
  const probe = join(modelsDir, '__cryptograph_field_probe.ts');
  const source = Object.entries(kubernetesKinds)
    .map(
      ([key, { module, type }], index) => `import type { ${type} as T${index} } from './${module}.js';\nexport declare const k${index}: T${index}; // ${key}`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (file === probe ? source : readFile(file));
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram([probe], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe)!;
  const typeOfKind = new Map<string, ts.Type>();
  Object.keys(kubernetesKinds).forEach((key, index) => {
    const statement = file.statements.find(
      (node) => ts.isVariableStatement(node) && node.declarationList.declarations[0]!.name.getText(file) === `k${index}`,
    ) as ts.VariableStatement;
    typeOfKind.set(key, checker.getTypeAtLocation(statement.declarationList.declarations[0]!.name));
  });

  function walk(value: unknown, type: ts.Type, path: string, found: string[]): void {
    if (value === null || typeof value !== 'object') return;
    const candidates = (type.isUnion() ? type.types : [type]).filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (Array.isArray(value)) {
      const arrayType = candidates.find((member) => checker.isArrayType(member));
      const element = arrayType && checker.getTypeArguments(arrayType as ts.TypeReference)[0];
      if (element) value.forEach((item, index) => walk(item, element, `${path}[${index}]`, found));
      return;
    }
    const objectType = candidates.find((member) => member.flags & ts.TypeFlags.Object && !checker.isArrayType(member));
    // Maps (labels, data, selectors) and free-form objects take any key.
    if (!objectType || checker.getIndexInfosOfType(objectType).length > 0 || objectType.getProperties().length === 0) return;
    for (const [key, child] of Object.entries(value)) {
      const property = objectType.getProperty(key);
      if (!property) {
        found.push(`${path}.${key}`);
        continue;
      }
      walk(child, checker.getTypeOfSymbol(property), `${path}.${key}`, found);
    }
  }

  return {
    unknownFields(kindKey, object) {
      const type = typeOfKind.get(kindKey);
      if (!type) throw new Error(`no type declaration for ${kindKey}`);
      const found: string[] = [];
      walk(object, type, '', found);
      return found;
    },
  };
}
