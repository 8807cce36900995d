import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** The public data an answer was read from: what must invalidate it. */
export interface AnswerDependencies {
  /** The asset catalog (assets, an asset's description, the provider catalog): any asset added or removed. */
  readonly catalog: boolean;
  /** Candles read, each a symbol (null: any, e.g. candles of every asset of a page) and a time range in ms (unbounded ends are infinite). */
  readonly candles: readonly CandleRange[];
}

/** Candles of one symbol (or any) between two instants. */
export interface CandleRange {
  readonly symbol: string | null;
  readonly from: number;
  readonly to: number;
}

/** What a public field reads. */
type FieldReads = 'nothing' | 'catalog' | 'candles';

/**
 * The public market data: fields every signed-in caller allowed to read market data gets the same
 * answer to, whoever they are (no field here is personal or per-user), and what each reads. Prices
 * (`latestPrice`, `PriceTick`) change with every tick and predictions live in another subgraph:
 * they are not here, so an operation selecting them is not cached. A field not listed here makes the
 * whole operation uncacheable (an allowlist: a field added to the schema is never cached by accident).
 */
const publicFields: ReadonlyMap<string, FieldReads> = new Map<string, FieldReads>([
  ['Query.assets', 'catalog'],
  ['Query.asset', 'catalog'],
  ['Query.providerAssets', 'catalog'],
  ['Query.candles', 'candles'],
  ['AssetConnection.edges', 'nothing'],
  ['AssetConnection.pageInfo', 'nothing'],
  ['AssetEdge.node', 'nothing'],
  ['AssetEdge.cursor', 'nothing'],
  ['PageInfo.hasNextPage', 'nothing'],
  ['PageInfo.hasPreviousPage', 'nothing'],
  ['PageInfo.startCursor', 'nothing'],
  ['PageInfo.endCursor', 'nothing'],
  ['Asset.symbol', 'nothing'],
  ['Asset.name', 'nothing'],
  ['Asset.quote', 'nothing'],
  ['Asset.active', 'catalog'],
  ['Asset.candles', 'candles'],
  ['Candle.ts', 'nothing'],
  ['Candle.open', 'nothing'],
  ['Candle.high', 'nothing'],
  ['Candle.low', 'nothing'],
  ['Candle.close', 'nothing'],
  ['Candle.volume', 'nothing'],
  ['Candle.simulated', 'nothing'],
  ['ProviderAsset.symbol', 'nothing'],
  ['ProviderAsset.name', 'nothing'],
  ['ProviderAsset.quote', 'nothing'],
  ['ProviderAsset.tracked', 'catalog'],
]);

/** A candles field of the operation: where its symbol and range come from (literals or variables). */
interface CandleSelection {
  /** `Query.candles(symbol:)`; null for `Asset.candles` (any asset). */
  readonly symbol: ArgumentNode | null;
  readonly from: ArgumentNode | undefined;
  readonly to: ArgumentNode | undefined;
}

/** A public operation: whether it reads the catalog, and its candles fields. */
interface PublicOperation {
  readonly catalog: boolean;
  readonly candles: readonly CandleSelection[];
}

/** Decides which operations read public data only, and what their answers depend on. */
export interface PublicDataPolicy {
  /** The answer's dependencies when the query reads public data only (null otherwise: not cacheable, not shared beyond its caller). */
  dependenciesOf(document: DocumentNode, definition: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): AnswerDependencies | null;
}

function valueOf(value: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): unknown {
  if (!value) return undefined;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.STRING) return value.value;
  return undefined;
}

/** A time argument in ms since the epoch; `unbounded` when absent or not a time (an invalid time fails the operation, which is never cached). */
function instant(argument: ArgumentNode | undefined, variables: Readonly<Record<string, unknown>>, unbounded: number): number {
  const value = valueOf(argument?.value, variables);
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : unbounded;
}

/**
 * The policy over the API schema. Operations are analysed once per definition (the parser hands
 * out the same document for the same text): a query qualifies when every field it selects, through
 * fragments too, is in `publicFields` or is `__typename` (introspection does not qualify).
 * `personalFields` (coordinates tagged `@tag(name: "personal")` in the supergraph) are refused even
 * when listed, so a field tagged personal later is never shared across users.
 */
export function publicDataPolicy(schema: GraphQLSchema, personalFields: ReadonlySet<string>): PublicDataPolicy {
  const analyses = new WeakMap<OperationDefinitionNode, PublicOperation | null>();

  const analyse = (document: DocumentNode, definition: OperationDefinitionNode): PublicOperation | null => {
    if (definition.operation !== 'query') return null;
    const typeInfo = new TypeInfo(schema);
    let allowed = true;
    let catalog = false;
    const candles: CandleSelection[] = [];
    // The operation and every fragment of the document (validation refuses unused fragments).
    const nodes = [definition, ...document.definitions.filter((node) => node.kind === Kind.FRAGMENT_DEFINITION)];
    for (const node of nodes) {
      visit(
        node,
        visitWithTypeInfo(typeInfo, {
          Field(field) {
            if (field.name.value === '__typename') return;
            const parent = typeInfo.getParentType();
            const coordinate = `${parent?.name ?? '?'}.${field.name.value}`;
            const reads = publicFields.get(coordinate);
            if (!reads || personalFields.has(coordinate)) {
              allowed = false;
              return;
            }
            if (reads === 'catalog') catalog = true;
            if (reads === 'candles') {
              const argument = (name: string) => field.arguments?.find((candidate) => candidate.name.value === name);
              candles.push({ symbol: coordinate === 'Query.candles' ? (argument('symbol') ?? null) : null, from: argument('from'), to: argument('to') });
            }
          },
        }),
      );
    }
    return allowed ? { catalog, candles } : null;
  };

  return {
    dependenciesOf(document, definition, variables) {
      let analysis = analyses.get(definition);
      if (analysis === undefined) {
        analysis = analyse(document, definition);
        analyses.set(definition, analysis);
      }
      if (!analysis) return null;
      return {
        catalog: analysis.catalog,
        candles: analysis.candles.map((selection) => {
          const symbol = selection.symbol ? valueOf(selection.symbol.value, variables) : null;
          return {
            // The market reads symbols trimmed and upper-cased; its events carry them that way.
            symbol: typeof symbol === 'string' ? symbol.trim().toUpperCase() : null,
            from: instant(selection.from, variables, Number.NEGATIVE_INFINITY),
            to: instant(selection.to, variables, Number.POSITIVE_INFINITY),
          };
        }),
      };
    },
  };
}
