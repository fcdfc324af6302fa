/// Prunes pod volume defaults (volumes matched by name) from the live side where the IaC does not set them:
/// - `defaultMode: 420` of secret, configMap, downwardAPI and projected volumes. An IaC `0644` is the
///   YAML 1.1 octal spelling of 420 and compares equal anyway, since numbers compare by value;
/// - `hostPath.type: ""`;
/// - `emptyDir: {}`, which the API server gives a volume that names no source;
/// - in projected sources, `serviceAccountToken.expirationSeconds: 3600`;
/// - in downwardAPI items, `fieldRef.apiVersion: v1` and `resourceFieldRef.divisor: "0"`;
/// - in generic ephemeral volumes, the claim template's `volumeMode: Filesystem`.
public struct VolumeDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-volume-defaults"

  static let modeSources = ["secret", "configMap", "downwardAPI", "projected"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    pair.withPodSpec { spec, iacSpec in
      spec.forEachItem(in: "volumes", matching: "name", iac: iacSpec) { volume, iac in
        Self.pruneVolumeDefaults(&volume, iac)
      }
    }
  }

  static func pruneVolumeDefaults(_ volume: inout Value, _ iac: Value?) {
    for source in modeSources {
      volume.withPair([source], iac: iac) { source, iacSource in
        source.pruneDefault("defaultMode", iac: iacSource, equals: 420)
      }
    }
    volume.withPair(["hostPath"], iac: iac) { hostPath, iacHostPath in
      hostPath.pruneDefault("type", iac: iacHostPath, equals: "")
    }
    let declaresSource = iac?.map?.entries.contains { $0.key != "name" && !$0.value.isEmpty } ?? false
    if !declaresSource { volume.pruneEmpty("emptyDir", iac: iac) }
    volume.withPair(["downwardAPI"], iac: iac) { downwardAPI, iacDownwardAPI in
      downwardAPI.pruneDownwardAPIItemDefaults(iac: iacDownwardAPI)
    }
    volume.withPair(["projected"], iac: iac) { projected, iacProjected in
      projected.withPair(["sources"], iac: iacProjected) { sources, iacSources in
        sources.forEachItemByIndex(iac: iacSources) { source, iacSource in
          source.withPair(["serviceAccountToken"], iac: iacSource) { token, iacToken in
            token.pruneDefault("expirationSeconds", iac: iacToken, equals: 3600)
          }
          source.withPair(["downwardAPI"], iac: iacSource) { downwardAPI, iacDownwardAPI in
            downwardAPI.pruneDownwardAPIItemDefaults(iac: iacDownwardAPI)
          }
        }
      }
    }
    volume.withPair(["ephemeral", "volumeClaimTemplate", "spec"], iac: iac) { claim, iacClaim in
      claim.pruneDefault("volumeMode", iac: iacClaim, equals: "Filesystem")
    }
  }
}
