/// Prunes container defaults (containers, initContainers and ephemeralContainers of every pod spec) from
/// the live side where the IaC does not set them (`kubernetes/kubernetes:pkg/apis/core/v1/defaults.go`):
/// - `imagePullPolicy`: `Always` when the live image's tag is `latest` (an image with neither tag nor digest
///   is `latest`), otherwise `IfNotPresent`. It is computed from the live image, so an image changed at
///   runtime does not also report the policy that came with it;
/// - `terminationMessagePath: /dev/termination-log`, `terminationMessagePolicy: File`, `resources: {}`;
/// - `ports[].protocol: TCP` (ports matched by containerPort and protocol);
/// - probes: `timeoutSeconds: 1`, `periodSeconds: 10`, `successThreshold: 1`, `failureThreshold: 3`, and in
///   probes and lifecycle hooks `httpGet.scheme: HTTP` and `httpGet.path: /`;
/// - env `valueFrom.fieldRef.apiVersion: v1` and `valueFrom.resourceFieldRef.divisor: "0"`;
/// - bare Pods only: a `requests` entry copied from the `limits` entry of the same resource, which the API
///   server does when only limits are set.
public struct ContainerDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-container-defaults"

  static let probes = ["livenessProbe", "readinessProbe", "startupProbe"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    let isPod = pair.kind == "Pod"
    pair.withContainers { container, iac in
      if let image = container["image"]?.string, !image.isEmpty {
        container.pruneDefault("imagePullPolicy", iac: iac, equals: .string(Self.defaultPullPolicy(forImage: image)))
      }
      container.pruneDefaults(
        [("terminationMessagePath", "/dev/termination-log"), ("terminationMessagePolicy", "File")], iac: iac)
      container.forEachItem(in: "ports", iac: iac, matches: Self.sameContainerPort) { port, iacPort in
        port.pruneDefault("protocol", iac: iacPort, equals: "TCP")
      }
      for probe in Self.probes {
        container.withPair([probe], iac: iac) { probe, iacProbe in
          probe.pruneDefaults(
            [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)],
            iac: iacProbe)
          probe.pruneHandlerDefaults(iac: iacProbe)
        }
      }
      container.withPair(["lifecycle"], iac: iac) { lifecycle, iacLifecycle in
        for hook in ["postStart", "preStop"] {
          lifecycle.withPair([hook], iac: iacLifecycle) { handler, iacHandler in
            handler.pruneHandlerDefaults(iac: iacHandler)
          }
        }
      }
      container.forEachItem(in: "env", matching: "name", iac: iac) { variable, iacVariable in
        variable.withPair(["valueFrom"], iac: iacVariable) { source, iacSource in
          source.pruneFieldReferenceDefaults(iac: iacSource)
        }
      }
      if isPod { Self.pruneRequestsCopiedFromLimits(&container, iac) }
      container.withPair(["resources"], iac: iac) { resources, iacResources in
        resources.pruneEmpty("requests", iac: iacResources)
        resources.pruneEmpty("limits", iac: iacResources)
      }
      container.pruneEmpty("resources", iac: iac)
    }
  }

  /// The pull policy the API server gives an image: `Always` for the `latest` tag, written or implied.
  static func defaultPullPolicy(forImage image: String) -> String {
    var reference = Substring(image)
    var hasDigest = false
    if let at = reference.firstIndex(of: "@") {
      hasDigest = true
      reference = reference[..<at]
    }
    // A `:` before the last `/` belongs to a registry port (`registry:5000/app`), not a tag.
    let name = reference.lastIndex(of: "/").map { reference[reference.index(after: $0)...] } ?? reference
    if let colon = name.lastIndex(of: ":") {
      return name[name.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }
    return hasDigest ? "IfNotPresent" : "Always"
  }

  /// Container ports match on containerPort and protocol (TCP when omitted).
  static func sameContainerPort(_ live: Value, _ iac: Value) -> Bool {
    guard let port = live["containerPort"], let iacPort = iac["containerPort"], port.semanticallyEquals(iacPort) else {
      return false
    }
    return (live["protocol"]?.string ?? "TCP") == (iac["protocol"]?.string ?? "TCP")
  }

  /// `SetDefaults_Pod`: for each resource with a limit and no request, the request is set to the limit.
  static func pruneRequestsCopiedFromLimits(_ container: inout Value, _ iac: Value?) {
    container.withPair(["resources"], iac: iac) { resources, iacResources in
      guard let limits = resources["limits"]?.map else { return }
      resources.withPair(["requests"], iac: iacResources) { requests, iacRequests in
        requests.withMap { map in
          map.entries.removeAll { entry in
            guard !iacRequests.declares(entry.key), let limit = limits[entry.key],
              let request = KubernetesQuantity(value: entry.value), let limitQuantity = KubernetesQuantity(value: limit)
            else { return false }
            return request == limitQuantity
          }
        }
      }
      resources.pruneEmpty("requests", iac: iacResources)
    }
  }
}
