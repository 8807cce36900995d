// The Kubernetes manifests (deploy/kubernetes/, deploy/secret.example.yaml) are valid objects of the Kubernetes 1.27
// API schemas, have no field the API server would refuse, and hang together: probes, Services, PDBs, the HPA, Secret
// keys, subgraph URLs and every service's environment.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayEnv } from '@cryptograph/gateway';
import { loadMarketEnv } from '@cryptograph/market';
import { loadPredictionsEnv } from '@cryptograph/predictions';
import { repositoryRoot } from '@cryptograph/testing';
import { loadUsersEnv } from '@cryptograph/users';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubernetesFieldChecker, kubernetesKinds } from './support/kubernetes-fields.js';

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

const deployDir = join(repositoryRoot, 'deploy');
const files = [
  ...readdirSync(join(deployDir, 'kubernetes'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join('kubernetes', name)),
  'secret.example.yaml',
];
const manifests = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(deployDir, file), 'utf8')).map((document) => {
    expect(document.errors, file).toEqual([]);
    return { file, manifest: document.toJS() as Manifest };
  }),
);
const models: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};
const kindKey = (manifest: Manifest) => `${manifest.apiVersion}/${manifest.kind}`;
const ofKind = (kind: string) => manifests.map(({ manifest }) => manifest).filter((manifest) => manifest.kind === kind);
const deployments = ofKind('Deployment');
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const podsOf = (selector: Record<string, string>) => deployments.filter((deployment) => matches(selector, deployment.spec.template.metadata.labels));
const secretExample = ofKind('Secret')[0]!;
const config = ofKind('ConfigMap')[0]!;
const fields = kubernetesFieldChecker();

/** The environment a container gets: the ConfigMap, then its own variables (Secret keys from the example Secret). */
function containerEnv(container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) Object.assign(env, ofKind('ConfigMap').find((map) => map.metadata.name === source.configMapRef.name)!.data);
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? secretExample.stringData![variable.valueFrom.secretKeyRef.key]!;
  return env;
}

describe('Kubernetes manifests', () => {
  it('cover the compose topology: gateway, the three subgraphs (market with its one feed replica) and the worker', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(['gateway', 'market', 'market-feed', 'predictions', 'users', 'worker']);
    expect(
      ofKind('Service')
        .map((service) => service.metadata.name)
        .sort(),
    ).toEqual(['gateway', 'market', 'predictions', 'users']);
    expect(Object.keys(kubernetesKinds).sort()).toEqual(Object.keys(models).sort());
  });

  it('validate against the Kubernetes API schemas (kubernetes-models) and have no unknown field', () => {
    for (const { file, manifest } of manifests) {
      const Model = models[kindKey(manifest)];
      expect(Model, `${file}: ${kindKey(manifest)}`).toBeDefined();
      expect(() => new Model!(manifest).validate(), `${file}: ${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
      expect(fields.unknownFields(kindKey(manifest), manifest), `${file}: ${manifest.kind} ${manifest.metadata.name}`).toEqual([]);
      if (manifest.kind !== 'Namespace') expect(manifest.metadata.namespace, `${file}: ${manifest.kind} ${manifest.metadata.name}`).toBe('cryptograph');
    }
  });

  it('catch what a typo would break (the checks above are not blind)', () => {
    const gateway = structuredClone(deployments.find((deployment) => deployment.metadata.name === 'gateway')!);
    gateway.spec.template.spec.containers[0].ports[0].containerPort = '4000';
    expect(() => new Deployment(gateway as any).validate()).toThrow(/containerPort must be integer/);
    gateway.spec.template.spec.containers[0].readinesProbe = gateway.spec.template.spec.containers[0].readinessProbe;
    expect(fields.unknownFields('apps/v1/Deployment', gateway)).toEqual(['.spec.template.spec.containers[0].readinesProbe']);
  });

  it('probe readiness on /ready and liveness on /health of every server, on a port the container exposes', () => {
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const ports = new Set(container.ports.map((port: { name: string }) => port.name));
      expect(container.livenessProbe.httpGet.path, deployment.metadata.name).toBe('/health');
      expect(ports.has(container.livenessProbe.httpGet.port), deployment.metadata.name).toBe(true);
      if (deployment.metadata.name === 'worker') continue;
      expect(container.readinessProbe.httpGet.path, deployment.metadata.name).toBe('/ready');
      expect(ports.has(container.readinessProbe.httpGet.port), deployment.metadata.name).toBe(true);
    }
  });

  it('select existing pods from every Service and PodDisruptionBudget, and scale the gateway with the HPA', () => {
    for (const service of ofKind('Service')) {
      const pods = podsOf(service.spec.selector);
      expect(pods.length, service.metadata.name).toBeGreaterThan(0);
      for (const port of service.spec.ports)
        for (const pod of pods)
          expect(
            pod.spec.template.spec.containers[0].ports.map((item: { name: string }) => item.name),
            service.metadata.name,
          ).toContain(port.targetPort);
    }
    for (const budget of ofKind('PodDisruptionBudget')) expect(podsOf(budget.spec.selector.matchLabels).length, budget.metadata.name).toBeGreaterThan(0);
    expect(
      ofKind('PodDisruptionBudget')
        .map((budget) => budget.metadata.name)
        .sort(),
    ).toEqual(['gateway', 'market', 'predictions', 'users', 'worker']);
    const [autoscaler] = ofKind('HorizontalPodAutoscaler');
    expect(autoscaler!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(autoscaler!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    // A CPU utilization target needs a CPU request.
    expect(deployments.find((deployment) => deployment.metadata.name === 'gateway')!.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
    for (const deployment of deployments)
      for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(deployment.spec.template.metadata.labels[key]).toBe(value);
  });

  it('take every secret from the Secret, the signing key for the users service only, and run exactly one feed', () => {
    const secretKeys = new Set(Object.keys(secretExample.stringData!));
    for (const deployment of deployments) {
      for (const variable of deployment.spec.template.spec.containers[0].env ?? []) {
        if (/SECRET|PASSWORD|KEY|DATABASE_URL|REDIS_URL/.test(variable.name))
          expect(variable.valueFrom?.secretKeyRef?.name, `${deployment.metadata.name} ${variable.name}`).toBe('cryptograph-secrets');
        if (variable.valueFrom?.secretKeyRef) expect(secretKeys.has(variable.valueFrom.secretKeyRef.key), variable.name).toBe(true);
        if (variable.name === 'AUTH_PRIVATE_KEY') expect(deployment.metadata.name).toBe('users');
      }
    }
    expect(Object.keys(config.data!).filter((name) => /SECRET|PASSWORD|KEY/.test(name))).toEqual([]);
    // @apollo/gateway reports to Apollo unless told not to.
    expect(
      containerEnv(deployments.find((deployment) => deployment.metadata.name === 'gateway')!.spec.template.spec.containers[0]).APOLLO_TELEMETRY_DISABLED,
    ).toBe('true');
    // A market process plays the feed unless REPLAY_SPEED=0 (its default is 60).
    const markets = deployments.filter((deployment) => deployment.spec.template.spec.containers[0].image.startsWith('cryptograph/market:'));
    const feeds = markets.filter((deployment) => containerEnv(deployment.spec.template.spec.containers[0]).REPLAY_SPEED !== '0');
    expect(feeds.map((deployment) => [deployment.metadata.name, deployment.spec.replicas, deployment.spec.strategy.type])).toEqual([
      ['market-feed', 1, 'Recreate'],
    ]);
  });

  it('give each service an environment its own env schema accepts, with subgraph URLs pointing at the Services', () => {
    const services = new Map(ofKind('Service').map((service) => [service.metadata.name, service.spec.ports[0].port as number]));
    const loaders: Record<string, (env: Record<string, string>) => unknown> = {
      gateway: loadGatewayEnv,
      users: loadUsersEnv,
      market: loadMarketEnv,
      'market-feed': loadMarketEnv,
      predictions: loadPredictionsEnv,
      worker: loadPredictionsEnv,
    };
    for (const deployment of deployments) {
      const container = deployment.spec.template.spec.containers[0];
      const env = containerEnv(container);
      expect(() => loaders[deployment.metadata.name]!(env), deployment.metadata.name).not.toThrow();
      if (env.PORT) expect(container.ports[0].containerPort, deployment.metadata.name).toBe(Number(env.PORT));
      expect(container.image, deployment.metadata.name).toMatch(/^cryptograph\/(gateway|users|market|predictions):\d+\.\d+\.\d+$/);
    }
    for (const name of ['USERS_URL', 'MARKET_URL', 'PREDICTIONS_URL']) {
      const url = new URL(config.data![name]!);
      expect(services.get(url.hostname), name).toBe(Number(url.port));
      expect(url.pathname).toBe('/graphql');
    }
  });
});
