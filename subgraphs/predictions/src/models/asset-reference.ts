/** An `Asset` entity as the predictions subgraph knows it: only its key. */
export interface AssetReference {
  readonly symbol: string;
}
