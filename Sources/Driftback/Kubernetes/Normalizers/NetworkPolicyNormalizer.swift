/// Prunes a NetworkPolicy's `policyTypes` from the live side when the IaC omits it and the live value is
/// the one the API server computes: `[Ingress]`, plus `Egress` when the policy has egress rules. Any other
/// live value (for instance an `Egress` added by hand to block all egress) stays a finding. Also prunes the
/// `protocol: TCP` the API server writes into rule ports.
public struct NetworkPolicyNormalizer: KubernetesNormalizer {
  public let id = "k8s-network-policy"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard pair.kind == "NetworkPolicy", pair.group == "networking.k8s.io" else { return }
    pair.withPair(["spec"]) { spec, iac in
      // The default is computed from the object as it was applied: the IaC's egress rules, or live's alone.
      let hasEgress = (iac ?? spec).declares("egress")
      let expected: Set<String> = hasEgress ? ["Ingress", "Egress"] : ["Ingress"]
      spec.pruneDefault("policyTypes", iac: iac) { value in
        guard let items = value.list else { return false }
        let types = items.compactMap(\.string)
        return types.count == items.count && types.count == expected.count && Set(types) == expected
      }
      // Rule ports get `protocol: TCP` from the API server.
      for direction in ["ingress", "egress"] {
        spec.forEachItemByIndexIn(direction, iac: iac) { rule, iacRule in
          rule.forEachItemByIndexIn("ports", iac: iacRule) { port, iacPort in
            port.pruneDefault("protocol", iac: iacPort, equals: "TCP")
          }
        }
      }
    }
  }
}
