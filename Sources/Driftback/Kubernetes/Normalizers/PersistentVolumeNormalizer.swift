/// Prunes what defaulting, admission and the volume binder add to PersistentVolumeClaims and
/// PersistentVolumes, where the IaC does not set it:
/// - PVC: `volumeMode: Filesystem`; `volumeName` (the binder) and `storageClassName` (the
///   DefaultStorageClass admission plugin), whatever their value, since both are filled in by the cluster;
/// - PV: `persistentVolumeReclaimPolicy: Retain`, `volumeMode: Filesystem`, `hostPath.type: ""`, and the
///   `claimRef` the binder writes (or its `uid` and `resourceVersion` when the IaC pre-binds by name).
public struct PersistentVolumeNormalizer: KubernetesNormalizer {
  public let id = "k8s-persistent-volumes"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    guard pair.group.isEmpty else { return }
    switch pair.kind {
    case "PersistentVolumeClaim":
      pair.withPair(["spec"]) { spec, iac in
        spec.pruneDefault("volumeMode", iac: iac, equals: "Filesystem")
        spec.pruneUnlessDeclared("volumeName", iac: iac)
        spec.pruneUnlessDeclared("storageClassName", iac: iac)
      }
    case "PersistentVolume":
      pair.withPair(["spec"]) { spec, iac in
        spec.pruneDefaults([("persistentVolumeReclaimPolicy", "Retain"), ("volumeMode", "Filesystem")], iac: iac)
        spec.withPair(["hostPath"], iac: iac) { hostPath, iacHostPath in
          hostPath.pruneDefault("type", iac: iacHostPath, equals: "")
        }
        spec.withPair(["claimRef"], iac: iac) { claimRef, iacClaimRef in
          claimRef.pruneUnlessDeclared("uid", iac: iacClaimRef)
          claimRef.pruneUnlessDeclared("resourceVersion", iac: iacClaimRef)
          claimRef.pruneDefaults([("apiVersion", "v1"), ("kind", "PersistentVolumeClaim")], iac: iacClaimRef)
        }
        spec.pruneUnlessDeclared("claimRef", iac: iac)
      }
    default:
      break
    }
  }
}
