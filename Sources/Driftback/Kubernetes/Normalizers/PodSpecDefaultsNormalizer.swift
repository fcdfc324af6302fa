/// Prunes pod-spec defaults from every pod spec (a Pod's own, and the templates of workloads) where the IaC
/// does not set them: `dnsPolicy: ClusterFirst`, `restartPolicy: Always` (OnFailure and Never are never
/// defaults), `securityContext: {}`, `terminationGracePeriodSeconds: 30`, `schedulerName:
/// default-scheduler`, `enableServiceLinks: true`, and the deprecated `serviceAccount` that the API server
/// mirrors from `serviceAccountName` (or the other way round).
///
/// Bare Pods also get what admission plugins and the scheduler add at creation: `priority: 0`,
/// `preemptionPolicy: PreemptLowerPriority`, `serviceAccountName: default`, `nodeName`, the two
/// DefaultTolerationSeconds tolerations (`node.kubernetes.io/not-ready` and `unreachable`, NoExecute, 300 s),
/// and the service-account token volume (`kube-api-access-*`, or `<account>-token-*` before 1.24) with its
/// mount in every container. Templates never receive these, so for them a live value is drift.
public struct PodSpecDefaultsNormalizer: KubernetesNormalizer {
  public let id = "k8s-pod-spec-defaults"

  static let containerFields = ["containers", "initContainers", "ephemeralContainers"]
  static let defaultTolerationKeys: Set<String> = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]

  public init() {}

  public func normalize(_ pair: inout NormalizationPair) {
    let isPod = pair.kind == "Pod"
    pair.withPodSpec { spec, iac in
      spec.pruneDefaults(
        [
          ("dnsPolicy", "ClusterFirst"), ("restartPolicy", "Always"), ("terminationGracePeriodSeconds", 30),
          ("schedulerName", "default-scheduler"), ("enableServiceLinks", true),
        ], iac: iac)
      spec.pruneEmpty("securityContext", iac: iac)
      Self.pruneMirroredServiceAccount(&spec, iac)
      if isPod { Self.pruneAdmissionFields(&spec, iac) }
    }
  }

  /// `serviceAccount` is the deprecated alias of `serviceAccountName`; the API server fills each from the other.
  static func pruneMirroredServiceAccount(_ spec: inout Value, _ iac: Value?) {
    if let name = spec["serviceAccountName"] ?? iac?["serviceAccountName"] {
      spec.pruneDefault("serviceAccount", iac: iac) { $0.semanticallyEquals(name) }
    }
    if let alias = iac?["serviceAccount"], !alias.isEmpty {
      spec.pruneDefault("serviceAccountName", iac: iac) { $0.semanticallyEquals(alias) }
    }
  }

  // MARK: - Bare Pods

  static func pruneAdmissionFields(_ spec: inout Value, _ iac: Value?) {
    // The Priority plugin resolves priorityClassName (or 0 without one) into priority.
    let classResolved =
      iac.declares("priorityClassName")
      && (spec["priorityClassName"].map { $0.semanticallyEquals(iac?["priorityClassName"] ?? .null) } ?? false)
    spec.pruneDefault("priority", iac: iac) { $0.semanticallyEquals(0) || classResolved }
    spec.pruneDefaults([("preemptionPolicy", "PreemptLowerPriority"), ("serviceAccountName", "default")], iac: iac)
    spec.pruneUnlessDeclared("nodeName", iac: iac)
    spec.removeItems(in: "tolerations", iac: iac) { item, iacItems in
      guard let key = item["key"]?.string, defaultTolerationKeys.contains(key) else { return false }
      let isDefault =
        item["operator"]?.string == "Exists" && item["effect"]?.string == "NoExecute"
        && (item["tolerationSeconds"]?.semanticallyEquals(300) ?? false)
      return isDefault && !iacItems.contains { $0["key"]?.string == key }
    }
    removeServiceAccountTokenVolume(&spec, iac)
  }

  /// The ServiceAccount admission plugin adds a token volume and mounts it in every container.
  static func removeServiceAccountTokenVolume(_ spec: inout Value, _ iac: Value?) {
    let account = (spec["serviceAccountName"] ?? spec["serviceAccount"])?.string ?? "default"
    let tokenPrefix = account + "-token-"
    let declaredVolumes = Set((iac?["volumes"]?.list ?? []).compactMap { $0["name"]?.string })
    var removed = Set<String>()
    spec.withPair(["volumes"], iac: nil) { volumes, _ in
      volumes.withList { items in
        items.removeAll { volume in
          guard let name = volume["name"]?.string, !declaredVolumes.contains(name) else { return false }
          let isToken =
            (name.hasPrefix("kube-api-access-") && volume["projected"] != nil)
            || ((name.hasPrefix("default-token-") || name.hasPrefix(tokenPrefix)) && volume["secret"] != nil)
          if isToken { removed.insert(name) }
          return isToken
        }
      }
    }
    guard !removed.isEmpty else { return }
    for field in containerFields {
      spec.withPair([field], iac: nil) { containers, _ in
        containers.withList { items in
          for index in items.indices {
            items[index].withPair(["volumeMounts"], iac: nil) { mounts, _ in
              mounts.withList { $0.removeAll { mount in mount["name"]?.string.map(removed.contains) ?? false } }
            }
          }
        }
      }
    }
  }
}
