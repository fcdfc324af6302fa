/// Prunes the spec defaults of workload controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet,
/// ReplicationController, Job, CronJob) from the live side where the IaC does not set them
/// (`kubernetes/kubernetes:pkg/apis/apps/v1/defaults.go`, `pkg/apis/batch/v1/defaults.go`).
///
/// Defaults depend on the API version the object was created with (the IaC's apiVersion when there is
/// one): `extensions/v1beta1` Deployments default to `maxSurge: 1`, `maxUnavailable: 1` and an unlimited
/// history, `apps/v1beta1` StatefulSets to `OnDelete` updates. A live value that differs from that
/// version's default is kept, so a live `replicas: 1` is noise when the IaC omits replicas and a change
/// when the IaC says 3.
public struct WorkloadDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-workload-defaults"

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    // Defaults are applied in the version the object was created with: the IaC's, when there is one.
    let apiVersion = pair.iac?["apiVersion"]?.string ?? pair.live["apiVersion"]?.string ?? ""
    switch pair.kind {
    case "Deployment":
      pair.withPair(["spec"]) { spec, iac in Self.pruneDeploymentDefaults(&spec, iac, apiVersion: apiVersion) }
    case "StatefulSet":
      pair.withPair(["spec"]) { spec, iac in Self.pruneStatefulSetDefaults(&spec, iac, apiVersion: apiVersion) }
    case "DaemonSet":
      pair.withPair(["spec"]) { spec, iac in Self.pruneDaemonSetDefaults(&spec, iac, apiVersion: apiVersion) }
    case "ReplicaSet", "ReplicationController":
      pair.withPair(["spec"]) { spec, iac in spec.pruneDefault("replicas", iac: iac, equals: 1) }
    case "Job":
      let cleaning = pair.iac == nil
      pair.withPair(["spec"]) { spec, iac in Self.pruneJobDefaults(&spec, iac, cleaning: cleaning) }
    case "CronJob":
      let cleaning = pair.iac == nil
      pair.withPair(["spec"]) { spec, iac in
        spec.pruneDefaults(
          [
            ("concurrencyPolicy", "Allow"), ("suspend", false), ("successfulJobsHistoryLimit", 3),
            ("failedJobsHistoryLimit", 1),
          ], iac: iac)
        spec.withPair(["jobTemplate", "spec"], iac: iac) { jobSpec, iacJobSpec in
          Self.pruneJobDefaults(&jobSpec, iacJobSpec, cleaning: cleaning)
        }
      }
    default:
      break
    }
  }

  // MARK: - apps

  static func pruneDeploymentDefaults(_ spec: inout Value, _ iac: Value?, apiVersion: String) {
    let unlimited: Value = 2_147_483_647
    let legacy = apiVersion == "extensions/v1beta1"
    let history: Value = legacy ? unlimited : (apiVersion == "apps/v1beta1" ? 2 : 10)
    spec.pruneDefaults(
      [("replicas", 1), ("revisionHistoryLimit", history), ("progressDeadlineSeconds", legacy ? unlimited : 600)],
      iac: iac)
    // Field by field: `type: RollingUpdate` alone in the IaC still gets the default rollingUpdate, and an
    // IaC that omits `strategy` ends with an empty strategy, which compares equal to none.
    spec.withPair(["strategy"], iac: iac) { strategy, iacStrategy in
      strategy.pruneDefault("type", iac: iacStrategy, equals: "RollingUpdate")
      let type = (iacStrategy?["type"] ?? strategy["type"])?.string ?? "RollingUpdate"
      let isRolling = type == "RollingUpdate"
      guard isRolling else { return }
      strategy.withPair(["rollingUpdate"], iac: iacStrategy) { rolling, iacRolling in
        let step: Value = legacy ? 1 : "25%"
        rolling.pruneDefaults([("maxUnavailable", step), ("maxSurge", step)], iac: iacRolling)
      }
      strategy.pruneEmpty("rollingUpdate", iac: iacStrategy)
    }
    spec.pruneEmpty("strategy", iac: iac)
  }

  static func pruneStatefulSetDefaults(_ spec: inout Value, _ iac: Value?, apiVersion: String) {
    spec.pruneDefaults(
      [("replicas", 1), ("podManagementPolicy", "OrderedReady"), ("revisionHistoryLimit", 10)], iac: iac)
    let defaultType: Value = apiVersion == "apps/v1beta1" ? "OnDelete" : "RollingUpdate"
    spec.withPair(["updateStrategy"], iac: iac) { strategy, iacStrategy in
      strategy.pruneDefault("type", iac: iacStrategy, equals: defaultType)
      strategy.withPair(["rollingUpdate"], iac: iacStrategy) { rolling, iacRolling in
        // `maxUnavailable: 1` comes with the MaxUnavailableStatefulSet feature gate; 1 is also what unset means.
        rolling.pruneDefaults([("partition", 0), ("maxUnavailable", 1)], iac: iacRolling)
      }
      strategy.pruneEmpty("rollingUpdate", iac: iacStrategy)
    }
    spec.pruneEmpty("updateStrategy", iac: iac)
    spec.withPair(["persistentVolumeClaimRetentionPolicy"], iac: iac) { policy, iacPolicy in
      policy.pruneDefaults([("whenDeleted", "Retain"), ("whenScaled", "Retain")], iac: iacPolicy)
    }
    spec.pruneEmpty("persistentVolumeClaimRetentionPolicy", iac: iac)
    spec.forEachItem(in: "volumeClaimTemplates", iac: iac, matches: Self.sameMetadataName) { template, iacTemplate in
      template.pruneDefaults([("apiVersion", "v1"), ("kind", "PersistentVolumeClaim")], iac: iacTemplate)
      template.withPair(["spec"], iac: iacTemplate) { claim, iacClaim in
        claim.pruneDefault("volumeMode", iac: iacClaim, equals: "Filesystem")
      }
    }
  }

  static func pruneDaemonSetDefaults(_ spec: inout Value, _ iac: Value?, apiVersion: String) {
    spec.pruneDefault("revisionHistoryLimit", iac: iac, equals: 10)
    let defaultType: Value = apiVersion == "extensions/v1beta1" ? "OnDelete" : "RollingUpdate"
    spec.withPair(["updateStrategy"], iac: iac) { strategy, iacStrategy in
      strategy.pruneDefault("type", iac: iacStrategy, equals: defaultType)
      strategy.withPair(["rollingUpdate"], iac: iacStrategy) { rolling, iacRolling in
        rolling.pruneDefaults([("maxUnavailable", 1), ("maxSurge", 0)], iac: iacRolling)
      }
      strategy.pruneEmpty("rollingUpdate", iac: iacStrategy)
    }
    spec.pruneEmpty("updateStrategy", iac: iac)
  }

  static func sameMetadataName(_ live: Value, _ iac: Value) -> Bool {
    guard let name = live["metadata"]?["name"] else { return false }
    return iac["metadata"]?["name"].map { $0.semanticallyEquals(name) } ?? false
  }

  // MARK: - batch

  /// Job defaults (also inside a CronJob's `jobTemplate.spec`). `completions` and `parallelism` are both
  /// defaulted to 1 only when both are unset: a manifest with `parallelism: 3` alone is a work queue.
  static func pruneJobDefaults(_ spec: inout Value, _ iac: Value?, cleaning: Bool) {
    let parallelismDeclared: Bool
    if cleaning {
      // No IaC: a live parallelism other than 1 can only come from the manifest.
      parallelismDeclared = spec["parallelism"].map { !$0.semanticallyEquals(1) } ?? false
    } else {
      parallelismDeclared = iac.declares("parallelism")
    }
    if !parallelismDeclared { spec.pruneDefault("completions", iac: iac, equals: 1) }
    spec.pruneDefault("parallelism", iac: iac, equals: 1)
    // With backoffLimitPerIndex the global limit defaults to "unlimited".
    let backoff: Value = (iac ?? spec).declares("backoffLimitPerIndex") ? 2_147_483_647 : 6
    let replacement: Value = (iac ?? spec).declares("podFailurePolicy") ? "Failed" : "TerminatingOrFailed"
    spec.pruneDefaults(
      [
        ("backoffLimit", backoff), ("completionMode", "NonIndexed"), ("suspend", false), ("manualSelector", false),
        ("podReplacementPolicy", replacement),
      ], iac: iac)
  }
}
