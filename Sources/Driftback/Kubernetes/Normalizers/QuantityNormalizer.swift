/// Makes equal resource quantities look equal: where the live and the IaC value are the same amount
/// spelled differently (`500m` and `0.5`, `1Gi` and `1024Mi`, `1G` and `1000M`, `2` and `2000m`, `1e3` and
/// `1k`), the live value takes the IaC spelling. Different amounts are left alone and show as changes.
///
/// Covers container (and pod-level) `resources.requests/limits` and `overhead`, `emptyDir.sizeLimit`,
/// generic ephemeral volume claims, PersistentVolumeClaim and StatefulSet `volumeClaimTemplates`
/// `spec.resources`, PersistentVolume `spec.capacity`, ResourceQuota `spec.hard` and LimitRange limits.
/// Amounts are compared exactly (``KubernetesQuantity``), never through floating point.
public struct QuantityNormalizer: KubernetesNormalizer {
  public let id = "k8s-quantities"

  static let resourceMaps = ["requests", "limits"]
  static let limitRangeMaps = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    pair.withContainers { container, iac in
      container.withPair(["resources"], iac: iac) { resources, iacResources in
        resources.adoptQuantitySpellings(in: Self.resourceMaps, iac: iacResources)
      }
    }
    pair.withPodSpec { spec, iac in
      spec.withPair(["resources"], iac: iac) { resources, iacResources in
        resources.adoptQuantitySpellings(in: Self.resourceMaps, iac: iacResources)
      }
      spec.adoptQuantitySpellings(in: ["overhead"], iac: iac)
      spec.forEachItem(in: "volumes", matching: "name", iac: iac) { volume, iacVolume in
        volume.withPair(["emptyDir"], iac: iacVolume) { emptyDir, iacEmptyDir in
          emptyDir.withPair(["sizeLimit"], iac: iacEmptyDir) { limit, iacLimit in
            limit.adoptQuantitySpelling(of: iacLimit)
          }
        }
        volume.withPair(["ephemeral", "volumeClaimTemplate", "spec"], iac: iacVolume, Self.unifyClaimSpec)
      }
    }
    switch pair.kind {
    case "PersistentVolumeClaim":
      pair.withPair(["spec"], Self.unifyClaimSpec)
    case "PersistentVolume":
      pair.withPair(["spec"]) { spec, iac in spec.adoptQuantitySpellings(in: ["capacity"], iac: iac) }
    case "StatefulSet":
      pair.withPair(["spec"]) { spec, iac in
        spec.forEachItem(in: "volumeClaimTemplates", iac: iac, matches: WorkloadDefaultsNormalizer.sameMetadataName) {
          template, iacTemplate in
          template.withPair(["spec"], iac: iacTemplate, Self.unifyClaimSpec)
        }
      }
    case "ResourceQuota":
      pair.withPair(["spec"]) { spec, iac in spec.adoptQuantitySpellings(in: ["hard"], iac: iac) }
    case "LimitRange":
      pair.withPair(["spec"]) { spec, iac in
        spec.forEachItemByIndexIn("limits", iac: iac) { limit, iacLimit in
          limit.adoptQuantitySpellings(in: Self.limitRangeMaps, iac: iacLimit)
        }
      }
    default:
      break
    }
  }

  static func unifyClaimSpec(_ spec: inout Value, _ iac: Value?) {
    spec.withPair(["resources"], iac: iac) { resources, iacResources in
      resources.adoptQuantitySpellings(in: resourceMaps, iac: iacResources)
    }
  }
}
