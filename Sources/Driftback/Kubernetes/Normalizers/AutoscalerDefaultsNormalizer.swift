/// Prunes HorizontalPodAutoscaler defaults (`autoscaling/v2` and `v2beta2`,
/// `kubernetes/kubernetes:pkg/apis/autoscaling/v2/defaults.go`) from the live side where the IaC does not
/// set them:
/// - `minReplicas: 1`;
/// - `metrics`: an HPA applied without metrics gets one, CPU at 80% average utilization;
/// - `behavior`, only when the IaC declares one (the API server then fills in the rest): `scaleUp`
///   `stabilizationWindowSeconds: 0`, `selectPolicy: Max` and the policies 4 Pods and 100 Percent per 15 s;
///   `scaleDown` `selectPolicy: Max` and the policy 100 Percent per 15 s.
public struct AutoscalerDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-autoscaler-defaults"

  static let defaultMetrics: Value = [
    [
      "type": "Resource",
      "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]],
    ]
  ]
  static let scaleUpPolicies: Value = [
    ["type": "Pods", "value": 4, "periodSeconds": 15], ["type": "Percent", "value": 100, "periodSeconds": 15],
  ]
  static let scaleDownPolicies: Value = [["type": "Percent", "value": 100, "periodSeconds": 15]]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard pair.kind == "HorizontalPodAutoscaler", pair.group == "autoscaling" else { return }
    let apiVersion = pair.iac?["apiVersion"]?.string ?? pair.live["apiVersion"]?.string ?? ""
    guard apiVersion != "autoscaling/v1" else {
      pair.withPair(["spec"]) { spec, iac in spec.pruneDefault("minReplicas", iac: iac, equals: 1) }
      return
    }
    let cleaning = pair.iac == nil
    pair.withPair(["spec"]) { spec, iac in
      spec.pruneDefaults([("minReplicas", 1), ("metrics", Self.defaultMetrics)], iac: iac)
      // Behavior is only filled in when the manifest has one; when cleaning, a behavior equal to the
      // filled-in defaults is dropped as a whole.
      guard cleaning || iac.declares("behavior") else { return }
      spec.withPair(["behavior"], iac: iac) { behavior, iacBehavior in
        behavior.withPair(["scaleUp"], iac: iacBehavior) { rules, iacRules in
          rules.pruneDefaults(
            [("stabilizationWindowSeconds", 0), ("selectPolicy", "Max"), ("policies", Self.scaleUpPolicies)],
            iac: iacRules)
        }
        behavior.withPair(["scaleDown"], iac: iacBehavior) { rules, iacRules in
          rules.pruneDefaults([("selectPolicy", "Max"), ("policies", Self.scaleDownPolicies)], iac: iacRules)
        }
        behavior.pruneEmpty("scaleUp", iac: iacBehavior)
        behavior.pruneEmpty("scaleDown", iac: iacBehavior)
      }
      spec.pruneEmpty("behavior", iac: iac)
    }
  }
}
