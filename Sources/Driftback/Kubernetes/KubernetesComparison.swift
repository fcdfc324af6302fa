/// Normalizes and diffs one Kubernetes object: the whole per-resource comparison.
public enum KubernetesComparison {
  /// The changes from an IaC object to its live counterpart, after normalizing both.
  public static func compare(
    iac: Value, live: Value, normalizers: [any KubernetesNormalizer] = KubernetesNormalizers.all
  )
    -> [Change]
  {
    let kind = live["kind"]?.string ?? iac["kind"]?.string ?? ""
    let group = KubernetesKind.group(ofAPIVersion: live["apiVersion"]?.string ?? iac["apiVersion"]?.string ?? "")
    var pair = NormalizationPair(iac: iac, live: live, kind: kind, group: group)
    KubernetesNormalizers.normalize(&pair, using: normalizers)
    let differ = Differ(listPolicy: KubernetesListPolicy(kind: kind))
    return differ.diff(iac: pair.iac ?? .null, live: pair.live)
  }

  /// A live object cleaned of server fields, status and defaults, as a new manifest would declare it.
  public static func clean(live: Value, normalizers: [any KubernetesNormalizer] = KubernetesNormalizers.all) -> Value {
    let kind = live["kind"]?.string ?? ""
    let group = KubernetesKind.group(ofAPIVersion: live["apiVersion"]?.string ?? "")
    var pair = NormalizationPair(iac: nil, live: live, kind: kind, group: group)
    KubernetesNormalizers.normalize(&pair, using: normalizers)
    return pair.live.prunedOfEmpties
  }
}

extension Value {
  /// The value with empty maps, lists, nulls and empty strings removed, recursively, except the empty
  /// maps that mean something: a selector `{}` selects everything, `emptyDir: {}` is a volume source.
  public var prunedOfEmpties: Value {
    switch kind {
    case .map(let map):
      var result = ValueMap()
      for entry in map.entries {
        let pruned = entry.value.prunedOfEmpties
        let meaningful = pruned.map != nil && Self.isMeaningfulWhenEmpty(entry.key)
        if !pruned.isEmpty || meaningful {
          result.entries.append(ValueMap.Entry(key: entry.key, keySpan: entry.keySpan, value: pruned))
        }
      }
      return Value(.map(result), span: span)
    case .list(let items):
      return Value(.list(items.map(\.prunedOfEmpties)), span: span)
    default:
      return self
    }
  }

  /// Keys under which an empty map has a meaning of its own.
  public static func isMeaningfulWhenEmpty(_ key: String) -> Bool {
    key == "selector" || key.hasSuffix("Selector") || key == "emptyDir"
  }
}
