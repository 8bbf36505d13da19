// deploy/kubernetes/: every manifest validated against the Kubernetes schemas (kubernetes-models 4.x, the
// ServiceMonitor against the Prometheus Operator's CRD schema), then what no schema checks: the pieces
// refer to each other correctly (selectors, port names, probe paths, Secret and ConfigMap keys), the
// ConfigMap's routes.yaml is valid and agrees with the container ports, and a pod has time to drain.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseAdminTokens } from '../../../proxy/admin/tokens.ts';
import { DEFAULT_DRAIN_TIMEOUT_MS, parseStartupOptions } from '../../../proxy/cluster/options.ts';
import { validateConfigText } from '../../../proxy/config/validate.ts';
import { HANDLER_NAMES } from '../../../services/handlerNames.ts';
import { copiesFrom, last, readDockerfile } from '../../helpers/dockerfile.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const DIR = path.join(REPO, 'deploy/kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The model that validates each kind; a manifest of any other kind fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const kustomization = parse(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
const manifests: Array<Manifest & { file: string }> = files.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    return { ...(doc.toJS() as Manifest), file };
  }),
);
const one = <T>(kind: string, name?: string): Manifest & T => {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  expect(found, `exactly one ${kind}${name ? ` named ${name}` : ''}`).toHaveLength(1);
  return found[0] as unknown as Manifest & T;
};

interface Container {
  name: string;
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  ports: Array<{ name: string; containerPort: number }>;
  readinessProbe: { httpGet: { path: string; port: string | number } };
  livenessProbe: { httpGet: { path: string; port: string | number } };
  lifecycle: { preStop: { exec: { command: string[] } } };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean };
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  containers: Container[];
  volumes: Array<{
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
    emptyDir?: object;
  }>;
}
type DeploymentManifest = {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
};
type ServiceManifest = {
  spec: { selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort: string | number }> };
};

const deployment = one<DeploymentManifest>('Deployment');
const pod = deployment.spec.template;
const container = pod.spec.containers[0]!;
const portNamed = (name: string | number) =>
  container.ports.find((port) => port.name === name || port.containerPort === name);
const envOf = (name: string) => container.env?.find((entry) => entry.name === name);
const secret = one<{ stringData: Record<string, string> }>('Secret');
const configMap = one<{ data: Record<string, string> }>('ConfigMap');
const services = manifests.filter((m) => m.kind === 'Service') as unknown as Array<Manifest & ServiceManifest>;
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('deploy/kubernetes: schemas', () => {
  it('kustomization.yaml lists every manifest file, and only those', () => {
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it.each(manifests.map((m) => [`${m.file}: ${m.kind} ${m.metadata.name}`, m] as const))(
    '%s is valid',
    (_name, manifest) => {
      const { file: _file, ...body } = manifest;
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `a schema for ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(() => new Model!(body as never).validate()).not.toThrow();
    },
  );

  it('the validation is real: a wrong type or an unknown required shape is refused', () => {
    const broken = structuredClone(deployment) as Manifest & DeploymentManifest & { file?: string };
    delete broken.file;
    (broken.spec as { replicas: unknown }).replicas = 'three';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
    expect(() =>
      new ServiceMonitor({ metadata: { name: 'x' }, spec: { endpoints: [{ port: 7 }] } } as never).validate(),
    ).toThrow();
  });
});

describe('deploy/kubernetes: the pieces fit together', () => {
  it('runs 3 replicas; the Deployment, both Services and the PodDisruptionBudget select the pods', () => {
    expect(deployment.spec.replicas).toBe(3);
    const labels = pod.metadata.labels;
    expect(matches(deployment.spec.selector.matchLabels, labels)).toBe(true);
    for (const service of services) {
      expect(matches(service.spec.selector, labels), service.metadata.name).toBe(true);
      for (const port of service.spec.ports)
        expect(portNamed(port.targetPort), `${service.metadata.name} → ${port.targetPort}`).toBeDefined();
    }
    const pdb = one<{ spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(
      'PodDisruptionBudget',
    );
    expect(matches(pdb.spec.selector.matchLabels, labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas); // else no node could ever be drained
  });

  it('the ConfigMap routes.yaml is valid, mounted where --config points, and its ports are the container ports', () => {
    const result = validateConfigText(configMap.data['routes.yaml']!, { handlerNames: new Set(HANDLER_NAMES) });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    const options = parseStartupOptions(container.args ?? [], {});
    const mount = container.volumeMounts.find((m) => options.configFile.startsWith(`${m.mountPath}/`))!;
    const volume = pod.spec.volumes.find((v) => v.name === mount.name)!;
    expect(volume.configMap?.name).toBe(configMap.metadata.name);
    expect(Object.keys(configMap.data)).toContain(path.basename(options.configFile));
    expect(portNamed('http')?.containerPort).toBe(result.config.listen.port);
    expect(portNamed('admin')?.containerPort).toBe(result.config.admin.port);
    expect(result.config.admin.host).toBe('0.0.0.0'); // the kubelet probes the pod IP, Prometheus scrapes it
    // The same table as the image's starting config (deploy/routes.yaml), comments aside.
    expect(parse(configMap.data['routes.yaml']!)).toEqual(
      parse(readFileSync(path.join(REPO, 'deploy/routes.yaml'), 'utf8')),
    );
  });

  it('readiness is /readyz and liveness /healthz on the admin port', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(portNamed(container.readinessProbe.httpGet.port)?.name).toBe('admin');
    expect(portNamed(container.livenessProbe.httpGet.port)?.name).toBe('admin');
  });

  it('terminationGracePeriodSeconds exceeds the preStop wait plus the drain timeout', () => {
    const drainMs = parseStartupOptions(container.args ?? [], {
      STRANGLER_DRAIN_TIMEOUT_MS: envOf('STRANGLER_DRAIN_TIMEOUT_MS')?.value,
    }).drainTimeoutMs;
    expect(envOf('STRANGLER_DRAIN_TIMEOUT_MS')).toBeDefined();
    const [sleep, seconds] = container.lifecycle.preStop.exec.command;
    expect(sleep).toBe('sleep');
    const preStopMs = Number(seconds) * 1000;
    expect(preStopMs).toBeGreaterThan(0);
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + drainMs);
    expect(drainMs).toBeLessThanOrEqual(DEFAULT_DRAIN_TIMEOUT_MS);
  });

  it('admin tokens and the store URL come from the Secret, with keys that exist and tokens the proxy accepts', () => {
    const tokenFile = envOf('STRANGLER_ADMIN_TOKEN_FILE')!.value!;
    const mount = container.volumeMounts.find((m) => tokenFile.startsWith(`${m.mountPath}/`))!;
    const volume = pod.spec.volumes.find((v) => v.name === mount.name)!;
    expect(volume.secret?.secretName).toBe(secret.metadata.name);
    const item = volume.secret!.items!.find((i) => i.path === path.basename(tokenFile))!;
    expect(parseAdminTokens(secret.stringData[item.key]!, item.key).length).toBeGreaterThan(0);
    const storeRef = envOf('STRANGLER_STORE_URL')!.valueFrom!.secretKeyRef!;
    expect(storeRef.name).toBe(secret.metadata.name);
    expect(new URL(secret.stringData[storeRef.key]!).protocol).toBe('postgres:');
  });

  it('the pod runs as the image user, non-root, on a read-only root with writable state where the image writes it', () => {
    const run = readDockerfile(path.join(REPO, 'Dockerfile')).at(-1)!;
    expect(last(run, 'USER')).toBe('node'); // uid 1000 in the node images
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    const env = run.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    const written = [/STRANGLER_AUDIT_FILE=(\S+)/, /STRANGLER_RAMP_STATE_FILE=(\S+)/].map((re) => re.exec(env)![1]!);
    for (const file of [...written, envOf('STRANGLER_STORE_CACHE')!.value!]) {
      const mount = container.volumeMounts.find((m) => file.startsWith(`${m.mountPath}/`));
      expect(mount, file).toBeDefined();
      expect(mount!.readOnly).not.toBe(true);
    }
    expect(copiesFrom(run, 'build').length).toBeGreaterThan(0);
  });

  it('Prometheus finds /metrics by annotation and by the ServiceMonitor, on the admin port', () => {
    const annotations = pod.metadata.annotations;
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    expect(portNamed(Number(annotations['prometheus.io/port']))?.name).toBe('admin');
    const monitor = one<{
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string; path: string }> };
    }>('ServiceMonitor');
    const selected = services.filter((s) => matches(monitor.spec.selector.matchLabels, s.metadata.labels ?? {}));
    expect(selected.map((s) => s.metadata.name)).toEqual(['strangler-admin']);
    for (const endpoint of monitor.spec.endpoints) {
      expect(endpoint.path).toBe('/metrics');
      const port = selected[0]!.spec.ports.find((p) => p.name === endpoint.port);
      expect(portNamed(port!.targetPort)?.name).toBe('admin');
    }
  });
});
