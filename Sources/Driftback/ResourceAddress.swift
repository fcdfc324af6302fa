/// The stable name of a resource, used in reports, ignore rules and finding ids (design.md):
/// Kubernetes `Kind.group/namespace/name`, Terraform's own address, CloudFormation `stack/LogicalId`.
public struct ResourceAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The ecosystem.
  public var ecosystem: Ecosystem
  /// The rendered address.
  public var text: String

  /// Creates an address from its rendered text.
  public init(ecosystem: Ecosystem, text: String) {
    self.ecosystem = ecosystem
    self.text = text
  }

  /// A Kubernetes address: `Kind.group/namespace/name`, no `.group` for the core group, no namespace for
  /// cluster-scoped kinds.
  public static func kubernetes(kind: String, group: String, namespace: String?, name: String) -> ResourceAddress {
    var text = kind
    if !group.isEmpty { text += "." + group }
    if let namespace { text += "/" + namespace }
    text += "/" + name
    return ResourceAddress(ecosystem: .kubernetes, text: text)
  }

  public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
    (lhs.ecosystem, lhs.text) < (rhs.ecosystem, rhs.text)
  }

  public var description: String { text }
}
