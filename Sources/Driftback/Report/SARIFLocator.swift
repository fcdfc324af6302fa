import DriftbackSyntax

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
  /// The first file (smallest path) of each owner: a CloudFormation stack, a Terraform module, a Kubernetes
  /// namespace (its `Namespace` manifest first), and of each ecosystem; built once, so that placing a
  /// finding costs a lookup, not a scan of every resource.
  private var ownerFiles: [String: String] = [:]
  private var ecosystemFiles: [Ecosystem: String] = [:]
  private var firstFile: String?

  /// A locator over a report's IaC resources.
  init(report: DriftReport) {
    iacResources = report.analysis.iacResources
    var files: [(address: ResourceAddress, file: String)] = []
    for (address, resource) in iacResources {
      if let file = resource.location?.file ?? resource.source?.path { files.append((address, file)) }
    }
    files.sort { ($0.file, $0.address) < ($1.file, $1.address) }
    firstFile = files.first?.file
    var namespaceManifests: [String: String] = [:]
    for (address, file) in files {
      if ecosystemFiles[address.ecosystem] == nil { ecosystemFiles[address.ecosystem] = file }
      if let key = Self.ownerKey(of: address), ownerFiles[key] == nil { ownerFiles[key] = file }
      if address.ecosystem == .kubernetes, address.text.hasPrefix("Namespace/") {
        let name = address.text.dropFirst("Namespace/".count)
        if namespaceManifests[String(name)] == nil { namespaceManifests[String(name)] = file }
      }
    }
    // A namespace's own manifest is its owner before any manifest of a resource in it.
    for (name, file) in namespaceManifests { ownerFiles["kubernetes:" + name] = file }
  }

  /// Where the finding is shown, or `nil` when the report has no IaC file at all.
  func location(of finding: Finding) -> Place? {
    let source = iacResources[finding.resource]?.source
    if let location = finding.source?.location {
      return Place(
        file: location.file, line: location.line, column: Self.column(location, in: source), isApproximate: false)
    }
    if let location = iacResources[finding.resource]?.location {
      return Place(
        file: location.file, line: location.line, column: Self.column(location, in: source), isApproximate: false)
    }
    if let file = finding.source?.file ?? iacResources[finding.resource]?.source?.path {
      return Place(file: file, line: 1, column: 1, isApproximate: false)
    }
    let owner =
      Self.ownerKey(of: finding.resource).flatMap { ownerFiles[$0] } ?? ecosystemFiles[finding.ecosystem]
      ?? firstFile
    return owner.map { Place(file: $0, line: 1, column: 1, isApproximate: true) }
  }

  /// The column of `location` in UTF-16 code units, as SARIF counts by default (`columnKind`
  /// `utf16CodeUnits`), when the line is in `file`; the model's byte column otherwise (the same on ASCII lines).
  static func column(_ location: SourceLocation, in file: SourceFile?) -> Int {
    guard let file, file.path == location.file, location.line >= 1, location.line <= file.lineStarts.count,
      location.column > 1
    else { return location.column }
    let start = file.lineStarts[location.line - 1]
    let end = min(start + location.column - 1, file.bytes.count)
    guard end > start else { return location.column }
    return String(decoding: file.bytes[start..<end], as: UTF8.self).utf16.count + 1
  }

  /// The stack, module or namespace the resource belongs to, as a key of ``ownerFiles``: `cloudformation:stack/`,
  /// `terraform:module.net.`, `kubernetes:shop`; `nil` for a resource of no namespace.
  private static func ownerKey(of address: ResourceAddress) -> String? {
    switch address.ecosystem {
    case .cloudformation:
      guard let slash = address.text.firstIndex(of: "/") else { return nil }
      return "cloudformation:" + address.text[...slash]
    case .terraform:
      return "terraform:" + modulePrefix(address.text)
    case .kubernetes:
      let parts = address.text.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 3 else { return nil }
      return "kubernetes:" + parts[1]
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
