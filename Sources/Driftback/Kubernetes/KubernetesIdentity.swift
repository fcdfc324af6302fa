/// Derives addresses and ownership facts from Kubernetes objects.
public enum KubernetesIdentity {
  /// The address of an object. A namespaced object without a namespace gets `defaultNamespace`, as
  /// `kubectl apply -n` does; with `nil` (live objects, which always show their namespace) an object
  /// without a namespace is cluster-scoped.
  public static func address(of object: Value, defaultNamespace: String?) -> ResourceAddress? {
    guard let kind = object["kind"]?.string, let apiVersion = object["apiVersion"]?.string,
      let name = object["metadata"]?["name"]?.string, !name.isEmpty
    else { return nil }
    let namespace: String?
    if KubernetesKind.isClusterScoped(kind) {
      namespace = nil
    } else if let declared = object["metadata"]?["namespace"]?.string, !declared.isEmpty {
      namespace = declared
    } else {
      namespace = defaultNamespace
    }
    return .kubernetes(
      kind: kind, group: storedGroup(kind: kind, group: KubernetesKind.group(ofAPIVersion: apiVersion)),
      namespace: namespace, name: name)
  }

  /// The group an object is stored under today: legacy groups of older manifests map to the group the
  /// API server serves the same object from (`extensions/v1beta1` Deployments are `apps` objects).
  public static func storedGroup(kind: String, group: String) -> String {
    switch (group, kind) {
    case ("extensions", "Deployment"), ("extensions", "DaemonSet"), ("extensions", "ReplicaSet"): "apps"
    case ("extensions", "Ingress"), ("extensions", "NetworkPolicy"): "networking.k8s.io"
    case ("extensions", "PodSecurityPolicy"): "policy"
    default: group
    }
  }

  /// Why a live object without IaC is not `unmanaged`, or `nil` when it is.
  ///
  /// Owned objects (any `ownerReferences`: ReplicaSets, their Pods, Jobs of a CronJob, EndpointSlices) and
  /// what the control plane makes for every namespace or Service (`kube-root-ca.crt`, the `default`
  /// ServiceAccount and its token Secret, Endpoints of a Service, the claims of a StatefulSet) belong to
  /// something else.
  public static func controllerOwner(of object: Value, liveServices: Set<String>, claimPrefixes: Set<String>)
    -> String?
  {
    guard let kind = object["kind"]?.string, let metadata = object["metadata"],
      let name = metadata["name"]?.string
    else { return nil }
    let namespace = metadata["namespace"]?.string ?? ""
    if let owners = metadata["ownerReferences"]?.list, let owner = owners.first {
      let ownerKind = owner["kind"]?.string ?? "object"
      let ownerName = owner["name"]?.string ?? ""
      return "owned by \(ownerKind) \(ownerName)"
    }
    switch kind {
    case "ConfigMap" where name == "kube-root-ca.crt":
      return "published in every namespace by the root CA publisher"
    case "ServiceAccount" where name == "default":
      return "created in every namespace by the service account controller"
    case "Secret"
    where object["type"]?.string == "kubernetes.io/service-account-token"
      && metadata["annotations"]?["kubernetes.io/service-account.name"]?.string == "default":
      return "token of the default service account"
    case "Endpoints" where liveServices.contains("\(namespace)/\(name)"):
      return "maintained by the endpoints controller for Service \(name)"
    case "PersistentVolumeClaim":
      for prefix in claimPrefixes where "\(namespace)/\(name)".hasPrefix(prefix) {
        let suffix = "\(namespace)/\(name)".dropFirst(prefix.count)
        if !suffix.isEmpty, suffix.allSatisfy(\.isNumber) { return "claim of a StatefulSet volume claim template" }
      }
      return nil
    case "Namespace" where ["default", "kube-system", "kube-public", "kube-node-lease"].contains(name):
      return "created by the cluster"
    default:
      return nil
    }
  }
}
