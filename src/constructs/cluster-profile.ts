import { addInvalid, checkLabels, namespaceNameErrors } from './kube-names';
import { Peer } from './peer';
import { Port } from './port';
import { InputError, Problem, ProblemCollector } from '../evaluator/errors';
import { PlatformProfile } from '../profile/platform-profile';

/** Where a platform component's pods run. */
export interface PlatformComponent {
  /** The namespace its pods run in (selected by its `kubernetes.io/metadata.name` label). */
  readonly namespace: string;

  /** Labels its pods carry; a policy selects pods with all of them. Empty: every pod of the namespace. */
  readonly podLabels: { [key: string]: string };
}

/** Where the cluster DNS answers. */
export interface ClusterDns extends PlatformComponent {
  /**
   * The ports the DNS pods answer on, one entry per protocol. Policies match the pod's port
   * after the Service's DNAT, so this is the container port (53 upstream, 5353 on OpenShift).
   */
  readonly ports: Port[];

  /**
   * CIDRs that answer DNS where no pod selector reaches: host-network or link-local
   * listeners such as NodeLocal DNSCache's `169.254.20.10/32`.
   * @default - none
   */
  readonly addresses?: string[];

  /**
   * The ports `addresses` answer on.
   * @default - UDP and TCP 53
   */
  readonly addressPorts?: Port[];
}

/** A complete cluster profile, for `ClusterProfile.custom`. */
export interface ClusterProfileProps {
  /** A short name for messages (`my-cluster`). */
  readonly name: string;
  /** Where the cluster DNS answers. */
  readonly dns: ClusterDns;
  /** Where the ingress controller's pods run. */
  readonly ingressController: PlatformComponent;
  /** Where the metrics scraper's pods run. */
  readonly monitoring: PlatformComponent;
}

/** Changes to a profile, for `ClusterProfile.with`; each given field replaces the profile's. */
export interface ClusterProfileOverrides {
  /**
   * A short name for messages.
   * @default - the profile's name with " (modified)"
   */
  readonly name?: string;
  /**
   * Where the cluster DNS answers.
   * @default - the profile's
   */
  readonly dns?: ClusterDns;
  /**
   * Where the ingress controller's pods run.
   * @default - the profile's
   */
  readonly ingressController?: PlatformComponent;
  /**
   * Where the metrics scraper's pods run.
   * @default - the profile's
   */
  readonly monitoring?: PlatformComponent;
}

/** An egress rule to DNS: peers and the ports they answer on. @internal */
export interface DnsRule {
  readonly peers: Peer[];
  readonly ports: Port[];
}

const KUBE_SYSTEM = 'kube-system';
const KUBE_DNS_LABELS = { 'k8s-app': 'kube-dns' };
const DNS_53 = [Port.DNS_UDP, Port.DNS_TCP];
/** NodeLocal DNSCache's link-local listen address (kubernetes/kubernetes cluster/addons/dns/nodelocaldns/README.md). */
const NODE_LOCAL_DNS = '169.254.20.10/32';

// ingress-nginx's controller pods: kubernetes/ingress-nginx deploy/static/provider/cloud/deploy.yaml.
// The Helm release name feeds app.kubernetes.io/instance, so only name and component are matched.
const INGRESS_NGINX: PlatformComponent = {
  namespace: 'ingress-nginx',
  podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
};

// kube-prometheus puts Prometheus in `monitoring` (prometheus-operator/kube-prometheus
// manifests/prometheus-prometheus.yaml); prometheus-operator labels every Prometheus pod
// app.kubernetes.io/name=prometheus (pkg/prometheus/server/statefulset.go, podSelectorLabels).
const KUBE_PROMETHEUS: PlatformComponent = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } };

// CoreDNS as kubeadm deploys it: Deployment coredns in kube-system, pods k8s-app=kube-dns, port 53
// UDP and TCP (kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go and
// cluster/addons/dns/coredns/coredns.yaml.base).
const UPSTREAM: ClusterProfileProps = {
  name: 'upstream',
  dns: { namespace: KUBE_SYSTEM, podLabels: KUBE_DNS_LABELS, ports: DNS_53 },
  ingressController: INGRESS_NGINX,
  monitoring: KUBE_PROMETHEUS,
};

const PROFILE_CHECK = 'ClusterProfile.custom';

/**
 * Where the cluster's DNS, ingress controller and metrics scraper live and on which ports, so
 * patterns such as `AllowDns` select the right pods. Presets for common distributions, each
 * citing its source; `custom` and `with` override any part.
 */
export class ClusterProfile {
  /** Upstream Kubernetes (kubeadm): CoreDNS in kube-system on 53, ingress-nginx, kube-prometheus. */
  public static upstream(): ClusterProfile {
    return new ClusterProfile(UPSTREAM);
  }

  /** kubeadm clusters: the same as `upstream()`. */
  public static kubeadm(): ClusterProfile {
    return new ClusterProfile({ ...UPSTREAM, name: 'kubeadm' });
  }

  /**
   * Amazon EKS: the CoreDNS add-on is Deployment coredns in kube-system
   * (https://docs.aws.amazon.com/eks/latest/userguide/coredns-add-on-create.html); its pods keep
   * k8s-app=kube-dns on 53 (seen in copies of the EKS manifest, not in AWS's own docs). EKS
   * load balancers have no in-cluster pods, so the controller is ingress-nginx as an add-on.
   */
  public static eks(): ClusterProfile {
    return new ClusterProfile({ ...UPSTREAM, name: 'eks' });
  }

  /**
   * Google GKE Standard: kube-dns pods (k8s-app=kube-dns, dnsmasq on 53) in kube-system
   * (https://cloud.google.com/kubernetes-engine/docs/concepts/kube-dns), plus NodeLocal
   * DNSCache, on by default from 1.33.1 and always on Autopilot
   * (https://cloud.google.com/kubernetes-engine/docs/how-to/nodelocal-dns-cache), which answers
   * on 169.254.20.10 from the host network. With Cloud DNS, add the metadata server
   * 169.254.169.254/32 through `with`.
   */
  public static gke(): ClusterProfile {
    return new ClusterProfile({ ...UPSTREAM, name: 'gke', dns: { ...UPSTREAM.dns, addresses: [NODE_LOCAL_DNS] } });
  }

  /**
   * Azure AKS: CoreDNS in kube-system (https://learn.microsoft.com/en-us/azure/aks/coredns-custom),
   * pods k8s-app=kube-dns on 53 (labels seen in AKS-like fixtures, not in Microsoft's docs).
   */
  public static aks(): ClusterProfile {
    return new ClusterProfile({ ...UPSTREAM, name: 'aks' });
  }

  /**
   * k3s: CoreDNS k8s-app=kube-dns on 53 in kube-system (k3s-io/k3s manifests/coredns.yaml) and
   * the bundled Traefik in kube-system (k3s-io/k3s manifests/traefik.yaml; the chart labels its
   * pods app.kubernetes.io/name=traefik, traefik/traefik-helm-chart traefik/templates/_helpers.tpl).
   */
  public static k3s(): ClusterProfile {
    return new ClusterProfile({
      ...UPSTREAM,
      name: 'k3s',
      ingressController: { namespace: KUBE_SYSTEM, podLabels: { 'app.kubernetes.io/name': 'traefik' } },
    });
  }

  /**
   * RKE2: the rke2-coredns chart keeps k8s-app=kube-dns on 53 in kube-system
   * (rancher/rke2-charts packages/rke2-coredns/charts/templates/deployment.yaml); ingress is
   * rke2-ingress-nginx in kube-system, as the policy in https://docs.rke2.io/known_issues selects
   * it. New clusters from v1.36 get rke2-traefik instead
   * (https://docs.rke2.io/reference/ingress_migration): override `ingressController` with
   * `{namespace: 'kube-system', podLabels: {'app.kubernetes.io/name': 'rke2-traefik'}}`.
   */
  public static rke2(): ClusterProfile {
    return new ClusterProfile({
      ...UPSTREAM,
      name: 'rke2',
      ingressController: { namespace: KUBE_SYSTEM, podLabels: { 'app.kubernetes.io/name': 'rke2-ingress-nginx' } },
    });
  }

  /**
   * OpenShift 4: DNS is DaemonSet dns-default in openshift-dns, pods
   * dns.operator.openshift.io/daemonset-dns=default answering on 5353 UDP and TCP
   * (openshift/cluster-dns-operator pkg/operator/controller/names.go and
   * pkg/manifests/assets/dns/daemonset.yaml); the default router in openshift-ingress
   * (openshift/cluster-ingress-operator pkg/operator/controller/names.go); platform Prometheus
   * in openshift-monitoring (openshift/cluster-monitoring-operator
   * assets/prometheus-k8s/network-policy-downstream.yaml). A router on the host network
   * (HostNetwork publishing) is reached by no pod selector: allow it by namespace label
   * `policy-group.network.openshift.io/ingress` with `Peer.namespaces`.
   */
  public static openShift(): ClusterProfile {
    return new ClusterProfile({
      name: 'openshift',
      dns: {
        namespace: 'openshift-dns',
        podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
        ports: [Port.udp(5353), Port.tcp(5353)],
      },
      ingressController: {
        namespace: 'openshift-ingress',
        podLabels: { 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller': 'default' },
      },
      monitoring: { namespace: 'openshift-monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    });
  }

  /**
   * Gardener shoots: CoreDNS k8s-app=kube-dns in kube-system answering on 8053 behind a Service
   * on 53 (gardener/gardener pkg/component/networking/coredns/constants/constants.go and
   * coredns.go). Shoot monitoring runs in the seed, so the scraper is the kube-prometheus default.
   */
  public static gardener(): ClusterProfile {
    return new ClusterProfile({
      ...UPSTREAM,
      name: 'gardener',
      dns: { namespace: KUBE_SYSTEM, podLabels: KUBE_DNS_LABELS, ports: [Port.udp(8053), Port.tcp(8053)] },
    });
  }

  /**
   * Upstream with NodeLocal DNSCache: pods resolve through 169.254.20.10 on the host network,
   * which only an ipBlock reaches (kubernetes/kubernetes cluster/addons/dns/nodelocaldns/README.md
   * and nodelocaldns.yaml). In iptables mode the cache also binds the kube-dns ClusterIP: add it
   * to `addresses` through `with` if your policies must allow it.
   */
  public static nodeLocalDns(): ClusterProfile {
    return new ClusterProfile({ ...UPSTREAM, name: 'node-local-dns', dns: { ...UPSTREAM.dns, addresses: [NODE_LOCAL_DNS] } });
  }

  /** A profile of your own; every part is validated here. */
  public static custom(props: ClusterProfileProps): ClusterProfile {
    return new ClusterProfile(props);
  }

  /** A short name for messages. */
  public readonly name: string;
  /** Where the cluster DNS answers. */
  public readonly dns: ClusterDns;
  /** Where the ingress controller's pods run. */
  public readonly ingressController: PlatformComponent;
  /** Where the metrics scraper's pods run. */
  public readonly monitoring: PlatformComponent;

  private readonly dnsAddressPeers: Peer[];

  private constructor(props: ClusterProfileProps) {
    const problems = new ProblemCollector();
    if (props.name === '') problems.add({ code: 'required', object: PROFILE_CHECK, field: 'name', message: 'Required value: a name for messages' });
    checkComponent(problems, 'dns', props.dns);
    checkDnsPorts(problems, 'dns.ports', props.dns.ports);
    checkDnsPorts(problems, 'dns.addressPorts', props.dns.addressPorts ?? DNS_53);
    checkComponent(problems, 'ingressController', props.ingressController);
    checkComponent(problems, 'monitoring', props.monitoring);
    this.dnsAddressPeers = (props.dns.addresses ?? []).map((cidr, i) => addressPeer(problems, `dns.addresses[${i}]`, cidr)).filter((peer) => peer !== undefined);
    problems.throwIfAny();
    this.name = props.name;
    this.dns = copyDns(props.dns);
    this.ingressController = copyComponent(props.ingressController);
    this.monitoring = copyComponent(props.monitoring);
  }

  /** This profile with some parts replaced. */
  public with(overrides: ClusterProfileOverrides): ClusterProfile {
    return new ClusterProfile({
      name: overrides.name ?? `${this.name} (modified)`,
      dns: overrides.dns ?? this.dns,
      ingressController: overrides.ingressController ?? this.ingressController,
      monitoring: overrides.monitoring ?? this.monitoring,
    });
  }

  /** `cluster profile "openshift"`. */
  public toString(): string {
    return `cluster profile "${this.name}"`;
  }

  /** The egress rules that reach DNS: its pods on their ports, then its addresses on theirs. @internal */
  public _dnsRules(): DnsRule[] {
    const rules: DnsRule[] = [{ peers: [componentPeer(this.dns)], ports: [...this.dns.ports] }];
    if (this.dnsAddressPeers.length > 0) rules.push({ peers: [...this.dnsAddressPeers], ports: [...(this.dns.addressPorts ?? DNS_53)] });
    return rules;
  }

  /** The ingress controller's pods as a peer. @internal */
  public _ingressControllerPeer(): Peer {
    return componentPeer(this.ingressController);
  }

  /** The scraper's pods as a peer. @internal */
  public _monitoringPeer(): Peer {
    return componentPeer(this.monitoring);
  }

  /** The profile as plain data for the pure layers (lint, checks, stand-in pods). @internal */
  public _toPlatformProfile(): PlatformProfile {
    return {
      name: this.name,
      dns: {
        namespace: this.dns.namespace,
        podLabels: { ...this.dns.podLabels },
        ports: this.dns.ports.map((port) => ({ port: port._number()!, protocol: port.protocol! })),
      },
      dnsAddresses: [...(this.dns.addresses ?? [])],
      ingressController: copyComponent(this.ingressController),
      monitoring: copyComponent(this.monitoring),
    };
  }
}

/** One AND peer: the component's namespace and its pods (every pod when it names no labels). */
function componentPeer(component: PlatformComponent): Peer {
  return Object.keys(component.podLabels).length === 0
    ? Peer.namespace(component.namespace)
    : Peer.podsInNamespace(component.namespace, component.podLabels);
}

function checkComponent(problems: ProblemCollector, field: string, component: PlatformComponent): void {
  addInvalid(problems, PROFILE_CHECK, `${field}.namespace`, component.namespace, namespaceNameErrors(component.namespace));
  checkLabels(problems, PROFILE_CHECK, `${field}.podLabels`, component.podLabels);
}

/** DNS ports are where the pods listen, so each must be one numbered port of one protocol. */
function checkDnsPorts(problems: ProblemCollector, field: string, ports: readonly Port[]): void {
  if (ports.length === 0) problems.add({ code: 'required', object: PROFILE_CHECK, field, message: 'Required value: the ports DNS answers on, e.g. [Port.DNS_UDP, Port.DNS_TCP]' });
  ports.forEach((port, i) => {
    if (port._number() === undefined) {
      problems.add({ code: 'invalid-value', object: PROFILE_CHECK, field: `${field}[${i}]`, message: `Invalid value: "${port}": must be one numbered port, like Port.udp(53)` });
    }
  });
}

function addressPeer(problems: ProblemCollector, field: string, cidr: string): Peer | undefined {
  try {
    return Peer.ipBlock(cidr);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    error.problems.forEach((problem: Problem) => problems.add({ ...problem, object: PROFILE_CHECK, field }));
    return undefined;
  }
}

function copyComponent(component: PlatformComponent): PlatformComponent {
  return { namespace: component.namespace, podLabels: { ...component.podLabels } };
}

function copyDns(dns: ClusterDns): ClusterDns {
  return {
    ...copyComponent(dns),
    ports: [...dns.ports],
    ...(dns.addresses ? { addresses: [...dns.addresses] } : {}),
    ...(dns.addressPorts ? { addressPorts: [...dns.addressPorts] } : {}),
  };
}
