public import DriftbackSyntax
import Synchronization

/// Parsed HCL files, by source file: the edit planner is asked about every finding, and a large `.tf`
/// file should be parsed once per run, not once per finding.
public final class HCLParseCache: Sendable {
  private let files = Mutex<[ObjectIdentifier: HCLFile]>([:])

  /// Creates an empty cache.
  public init() {}

  /// The parsed file, parsing it the first time.
  /// - Throws: the parser's diagnostic.
  public func parsed(_ source: SourceFile) throws -> HCLFile {
    let key = ObjectIdentifier(source)
    if let cached = files.withLock({ $0[key] }) { return cached }
    let parsed = try HCLParser().parse(source)
    files.withLock { $0[key] = parsed }
    return parsed
  }
}
