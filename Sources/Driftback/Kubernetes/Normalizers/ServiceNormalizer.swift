/// Prunes what the API server allocates and defaults in a core Service, where the IaC does not set it:
/// - allocated: `clusterIP`, `clusterIPs`, `ipFamilies`, `ipFamilyPolicy`, `healthCheckNodePort` and
///   `ports[].nodePort` (a headless `clusterIP: None` in the IaC is declared, so it is compared);
/// - defaults: `type: ClusterIP`, `sessionAffinity: None` (and `sessionAffinityConfig.clientIP.timeoutSeconds:
///   10800` with ClientIP), `externalTrafficPolicy: Cluster`, `internalTrafficPolicy: Cluster`,
///   `allocateLoadBalancerNodePorts: true`, `publishNotReadyAddresses: false`, `ports[].protocol: TCP`, and
///   `ports[].targetPort` equal to the port.
///
/// Ports are matched between the sides by port and protocol (TCP when omitted), the way the differ keys
/// them, so a TCP and a UDP item on the same port never borrow each other's values.
public struct ServiceNormalizer: KubernetesNormalizer {
  public let id = "k8s-service"

  static let allocatedFields = ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard pair.kind == "Service", pair.group.isEmpty else { return }
    pair.withPair(["spec"]) { spec, iac in
      for field in Self.allocatedFields { spec.pruneUnlessDeclared(field, iac: iac) }
      spec.pruneDefaults(
        [
          ("type", "ClusterIP"), ("sessionAffinity", "None"), ("externalTrafficPolicy", "Cluster"),
          ("internalTrafficPolicy", "Cluster"), ("allocateLoadBalancerNodePorts", true),
          ("publishNotReadyAddresses", false),
        ], iac: iac)
      spec.withPair(["sessionAffinityConfig"], iac: iac) { config, iacConfig in
        config.withPair(["clientIP"], iac: iacConfig) { clientIP, iacClientIP in
          clientIP.pruneDefault("timeoutSeconds", iac: iacClientIP, equals: 10800)
        }
        config.pruneEmpty("clientIP", iac: iacConfig)
      }
      spec.pruneEmpty("sessionAffinityConfig", iac: iac)
      spec.forEachItem(in: "ports", iac: iac, matches: Self.samePort) { port, iacPort in
        port.pruneDefault("protocol", iac: iacPort, equals: "TCP")
        if let number = port["port"] {
          port.pruneDefault("targetPort", iac: iacPort) { $0.semanticallyEquals(number) }
        }
        port.pruneUnlessDeclared("nodePort", iac: iacPort)
      }
    }
  }

  /// Service ports match on port and protocol (TCP when omitted).
  static func samePort(_ live: Value, _ iac: Value) -> Bool {
    guard let port = live["port"], let iacPort = iac["port"], port.semanticallyEquals(iacPort) else { return false }
    return (live["protocol"]?.string ?? "TCP") == (iac["protocol"]?.string ?? "TCP")
  }
}
