/// Where a SARIF result is placed: GitHub code scanning refuses a result without a location, and a
/// resource no IaC declares has none of its own.
///
/// In order: the finding's value in the IaC (or its nearest written parent); the finding's resource in the
/// IaC; the IaC file that would own the resource (formats.md 3a: "locate at the owning stack/module file,
/// line 1"): for CloudFormation the template of the same stack, for Terraform a file of the same module, for
/// Kubernetes the manifest of the namespace (or, without one, a manifest of the namespace's resources);
/// else the first IaC file of the ecosystem; else the first IaC file of any. The last three are approximate.
/// Among several candidate files the smallest path wins, so the choice is deterministic.
struct SARIFLocator {
  /// A place in a file.
  struct Place: Equatable {
    var file: String
    var line: Int
    var column: Int
    /// Whether the place is a stand-in (line 1 of the owning file) rather than the finding's own.
    var isApproximate: Bool
  }

  private let iacResources: [ResourceAddress: Resource]
  /// The file of every IaC resource that has one, by address.
  private let files: [(address: ResourceAddress, file: String)]

  /// A locator over a report's IaC resources.
  init(report: DriftReport) {
    iacResources = report.analysis.iacResources
    files = iacResources.compactMap { address, resource in
      resource.location.map { (address, $0.file) } ?? resource.source.map { (address, $0.path) }
    }.sorted { ($0.file, $0.address) < ($1.file, $1.address) }
  }

  /// Where the finding is shown, or `nil` when the report has no IaC file at all.
  func location(of finding: Finding) -> Place? {
    if let location = finding.source?.location {
      return Place(file: location.file, line: location.line, column: location.column, isApproximate: false)
    }
    if let location = iacResources[finding.resource]?.location {
      return Place(file: location.file, line: location.line, column: location.column, isApproximate: false)
    }
    if let file = finding.source?.file ?? iacResources[finding.resource]?.source?.path {
      return Place(file: file, line: 1, column: 1, isApproximate: false)
    }
    let owner =
      ownerFile(of: finding.resource) ?? files.first { $0.address.ecosystem == finding.ecosystem }?.file
      ?? files.first?.file
    return owner.map { Place(file: $0, line: 1, column: 1, isApproximate: true) }
  }

  /// The file of the stack, module or namespace the resource belongs to.
  private func ownerFile(of address: ResourceAddress) -> String? {
    let same = files.filter { $0.address.ecosystem == address.ecosystem }
    switch address.ecosystem {
    case .cloudformation:
      guard let slash = address.text.firstIndex(of: "/") else { return nil }
      let stack = address.text[...slash]
      return same.first { $0.address.text.hasPrefix(stack) }?.file
    case .terraform:
      let module = Self.modulePrefix(address.text)
      return same.first { Self.modulePrefix($0.address.text) == module }?.file
    case .kubernetes:
      let parts = address.text.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 3 else { return nil }
      let namespace = parts[1]
      if let file = same.first(where: { $0.address.text == "Namespace/\(namespace)" })?.file { return file }
      return same.first {
        let other = $0.address.text.split(separator: "/", omittingEmptySubsequences: false)
        return other.count == 3 && other[1] == namespace
      }?.file
    }
  }

  /// The module part of a Terraform address (`module.net.module.db.` of
  /// `module.net.module.db.aws_db_instance.main`), empty for the root module.
  static func modulePrefix(_ address: String) -> Substring {
    var rest = Substring(address)
    var end = rest.startIndex
    while rest.hasPrefix("module.") {
      var index = rest.index(rest.startIndex, offsetBy: 7)
      var depth = 0
      var quoted = false
      while index < rest.endIndex {
        let character = rest[index]
        if quoted {
          if character == "\\" {
            index = rest.index(after: index)
            if index == rest.endIndex { break }
          } else if character == "\"" {
            quoted = false
          }
        } else if character == "\"" {
          quoted = true
        } else if character == "[" {
          depth += 1
        } else if character == "]" {
          depth -= 1
        } else if character == "." && depth == 0 {
          break
        }
        index = rest.index(after: index)
      }
      guard index < rest.endIndex else { break }
      end = rest.index(after: index)
      rest = rest[end...]
    }
    return address[address.startIndex..<end]
  }
}
