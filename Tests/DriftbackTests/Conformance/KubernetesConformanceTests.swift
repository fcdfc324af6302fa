import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// Conformance against the external Kubernetes corpora (shared/corpora/kubernetes, see its README): real
// `kubectl get` captures and manifests from argoproj/gitops-engine and itaysk/kubectl-neat, with the
// expected findings written in driftback's terms in each corpus's cases.json.
//
// The corpora are not part of the package. They are read from `$DRIFTBACK_CORPORA/kubernetes`, or from
// `../shared/corpora/kubernetes` next to the package root. When the folder is missing the parameterized
// tests are disabled (CI must pass without the corpora) and `corpusLocationIsReported` prints the path it
// looked for, so a run never passes silently with zero checks without saying why.

// MARK: - Tests

@Suite("Kubernetes conformance corpora")
struct KubernetesConformanceTests {
  /// Always runs: names the corpus folder, and when it exists checks that every cases.json decodes, so a
  /// broken cases.json cannot turn the parameterized tests into zero silent runs.
  @Test func corpusLocationIsReported() throws {
    guard KubernetesCorpus.isAvailable else {
      print(
        "driftback conformance: corpus not found at \(KubernetesCorpus.root), skipping the Kubernetes corpus tests"
          + " (set DRIFTBACK_CORPORA to the folder that holds kubernetes/)")
      return
    }
    print("driftback conformance: reading the Kubernetes corpus at \(KubernetesCorpus.root)")
    let gitops = try KubernetesCorpus.loadGitopsCases()
    let neat = try KubernetesCorpus.loadNeatCases()
    #expect(!gitops.isEmpty, "no cases in gitops-engine-diff/cases.json")
    #expect(!neat.isEmpty, "no cases in kubectl-neat/cases.json")
    #expect(gitops.count == KubernetesCorpus.gitopsCases.count)
    #expect(neat.count == KubernetesCorpus.neatCases.count)
  }

  // The corpus is optional: these run only when it is present (see `corpusLocationIsReported`).
  @Test(
    "gitops-engine-diff: findings equal expectedFindings",
    .enabled(if: KubernetesCorpus.isAvailable, KubernetesCorpus.skipComment), arguments: KubernetesCorpus.gitopsCases)
  func gitopsEngineDiff(_ testCase: KubernetesCorpus.GitopsCase) throws {
    let folder = KubernetesCorpus.root + "/gitops-engine-diff"
    var iacObjects = try KubernetesCorpus.objects(in: folder + "/" + testCase.iac)
    for edit in testCase.iacEdits ?? [] {
      for index in iacObjects.indices { edit.apply(to: &iacObjects[index]) }
    }
    let liveObjects = try KubernetesCorpus.objects(in: folder + "/" + testCase.live)
    let result = KubernetesCorpus.compare(
      iac: iacObjects, iacDefaultNamespace: testCase.iacDefaultNamespace ?? "default", live: liveObjects)

    #expect(result.matched.contains(testCase.resource), "\(testCase.resource) was not matched: \(result.matched)")
    let expected = Set(testCase.expectedFindings.map(\.triple))
    #expect(
      result.findings == expected,
      """
      \(testCase.name): unexpected \(result.findings.subtracting(expected).sorted()), \
      missing \(expected.subtracting(result.findings).sorted())
      """)
    #expect(!result.findings.isEmpty == testCase.expectDrift, "\(testCase.name): expectDrift \(testCase.expectDrift)")
  }

  @Test(
    "kubectl-neat: rawYaml and rawJson load to the same objects",
    .enabled(if: KubernetesCorpus.isAvailable, KubernetesCorpus.skipComment), arguments: KubernetesCorpus.neatCases)
  func kubectlNeatLoaders(_ testCase: KubernetesCorpus.NeatCase) throws {
    let folder = KubernetesCorpus.root + "/kubectl-neat"
    let fromYAML = try KubernetesCorpus.objects(in: folder + "/" + testCase.rawYaml)
    let fromJSON = try KubernetesCorpus.objects(in: folder + "/" + testCase.rawJson)
    #expect(!fromJSON.isEmpty)
    #expect(fromYAML.count == fromJSON.count)
    for (yaml, json) in zip(fromYAML, fromJSON) {
      #expect(
        yaml == json,
        "\(testCase.name): \(Differ(listPolicy: OrderedListPolicy()).diff(iac: json, live: yaml).map(\.path))")
    }
  }

  @Test(
    "kubectl-neat: neat manifest against each raw capture has no findings",
    .enabled(if: KubernetesCorpus.isAvailable, KubernetesCorpus.skipComment), arguments: KubernetesCorpus.neatCases)
  func kubectlNeatDrift(_ testCase: KubernetesCorpus.NeatCase) throws {
    let folder = KubernetesCorpus.root + "/kubectl-neat"
    var iacObjects = try KubernetesCorpus.objects(in: folder + "/" + testCase.iac)
    for edit in testCase.iacEdits ?? [] {
      for index in iacObjects.indices { edit.apply(to: &iacObjects[index]) }
    }
    #expect(!testCase.live.isEmpty)
    for liveFile in testCase.live {
      let liveObjects = try KubernetesCorpus.objects(in: folder + "/" + liveFile)
      let result = KubernetesCorpus.compare(
        iac: iacObjects, iacDefaultNamespace: testCase.iacDefaultNamespace ?? "default", live: liveObjects)
      #expect(
        result.matched == Set(testCase.resources), "\(testCase.name) \(liveFile): matched \(result.matched.sorted())")
      let expected = Set(testCase.expectedFindings.map(\.triple))
      #expect(
        result.findings == expected,
        """
        \(testCase.name) \(liveFile): unexpected \(result.findings.subtracting(expected).sorted()), \
        missing \(expected.subtracting(result.findings).sorted())
        """)
      #expect(!result.findings.isEmpty == testCase.expectDrift)
    }
  }

  /// Every live capture of both corpora, cleaned on its own (as for a new manifest) and then used as the
  /// IaC, compares equal to the capture it came from: cleaning only ever removes noise.
  @Test(
    "cleaned capture as IaC has no drift against its capture",
    .enabled(if: KubernetesCorpus.isAvailable, KubernetesCorpus.skipComment), arguments: KubernetesCorpus.liveFiles)
  func cleanedCaptureRoundTrip(_ file: String) throws {
    let objects = try KubernetesCorpus.objects(in: KubernetesCorpus.root + "/" + file)
    #expect(!objects.isEmpty)
    for object in objects {
      let cleaned = KubernetesComparison.clean(live: object)
      let changes = KubernetesComparison.compare(iac: cleaned, live: object)
      #expect(changes.isEmpty, "\(file): \(changes.map { "\($0.path) \($0.kind.rawValue)" })")
      #expect(cleaned["status"] == nil && cleaned["metadata"]?["uid"] == nil)
    }
  }
}

// MARK: - Corpus access

enum KubernetesCorpus {
  /// `$DRIFTBACK_CORPORA/kubernetes`, or `../shared/corpora/kubernetes` relative to the package root.
  static let root: String = {
    if let override = ProcessInfo.processInfo.environment["DRIFTBACK_CORPORA"], !override.isEmpty {
      return URL(fileURLWithPath: override).appendingPathComponent("kubernetes").standardizedFileURL.path
    }
    // #filePath is <root>/Tests/DriftbackTests/Conformance/KubernetesConformanceTests.swift.
    var packageRoot = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { packageRoot.deleteLastPathComponent() }
    return packageRoot.appendingPathComponent("../shared/corpora/kubernetes").standardizedFileURL.path
  }()

  /// Why the corpus tests are skipped, naming the folder looked for.
  static var skipComment: Comment { "corpus not found at \(root), skipping" }

  static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: root + "/gitops-engine-diff/cases.json")
      && FileManager.default.fileExists(atPath: root + "/kubectl-neat/cases.json")
  }

  /// The cases, or none when the corpus is missing or unreadable (`corpusLocationIsReported` then fails
  /// with the decoding error, or reports the missing folder).
  static let gitopsCases: [GitopsCase] = isAvailable ? ((try? loadGitopsCases()) ?? []) : []
  static let neatCases: [NeatCase] = isAvailable ? ((try? loadNeatCases()) ?? []) : []

  /// The live files of both corpora, relative to the corpus root.
  static let liveFiles: [String] = {
    let gitops = Set(gitopsCases.map { "gitops-engine-diff/" + $0.live })
    let neat = Set(neatCases.flatMap { $0.live.map { "kubectl-neat/" + $0 } })
    return gitops.union(neat).sorted()
  }()

  static func loadGitopsCases() throws -> [GitopsCase] {
    try decode(CaseFile<GitopsCase>.self, from: root + "/gitops-engine-diff/cases.json").cases
  }

  static func loadNeatCases() throws -> [NeatCase] {
    try decode(CaseFile<NeatCase>.self, from: root + "/kubectl-neat/cases.json").cases
  }

  private static func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// The objects of a capture or manifest file, read with the real parsers; a `kind: List` is unwrapped.
  static func objects(in path: String) throws -> [Value] {
    let file = SourceFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    let roots: [SyntaxNode]
    if path.hasSuffix(".json") {
      roots = [try JSONParser().parse(file).root].compactMap { $0 }
    } else {
      roots = try YAMLParser().parse(file).compactMap(\.root)
    }
    var objects: [Value] = []
    for root in roots {
      let value = try Value(syntax: root, schema: .kubernetes, file: file)
      if let kind = value["kind"]?.string, kind.hasSuffix("List"), let items = value["items"]?.list {
        objects.append(contentsOf: items)
      } else if !value.isEmpty {
        objects.append(value)
      }
    }
    return objects
  }

  struct Comparison {
    /// Addresses present on both sides.
    var matched: Set<String> = []
    /// (resource, path, change); an object on one side only is `missing` or `unmanaged` at path "".
    var findings: Set<CorpusFinding> = []
  }

  /// Matches objects by address and compares each pair with the normal pipeline.
  static func compare(iac: [Value], iacDefaultNamespace: String, live: [Value]) -> Comparison {
    var result = Comparison()
    var liveByAddress: [String: Value] = [:]
    for object in live {
      if let address = KubernetesIdentity.address(of: object, defaultNamespace: "default") {
        liveByAddress[address.text] = object
      }
    }
    var seen = Set<String>()
    for object in iac {
      guard let address = KubernetesIdentity.address(of: object, defaultNamespace: iacDefaultNamespace)?.text else {
        continue
      }
      seen.insert(address)
      guard let liveObject = liveByAddress[address] else {
        result.findings.insert(CorpusFinding(resource: address, path: "", change: "missing"))
        continue
      }
      result.matched.insert(address)
      for change in KubernetesComparison.compare(iac: object, live: liveObject) {
        result.findings.insert(
          CorpusFinding(resource: address, path: change.path.description, change: change.kind.rawValue))
      }
    }
    for address in liveByAddress.keys where !seen.contains(address) {
      result.findings.insert(CorpusFinding(resource: address, path: "", change: "unmanaged"))
    }
    return result
  }
}

// MARK: - cases.json

extension KubernetesCorpus {
  struct CorpusFinding: Hashable, Comparable, CustomStringConvertible {
    var resource: String
    var path: String
    var change: String

    static func < (lhs: CorpusFinding, rhs: CorpusFinding) -> Bool {
      (lhs.resource, lhs.path, lhs.change) < (rhs.resource, rhs.path, rhs.change)
    }

    var description: String { "\(resource) \(path) \(change)" }
  }

  struct CaseFile<Case: Decodable>: Decodable {
    var cases: [Case]
  }

  struct ExpectedFinding: Decodable, Sendable {
    var resource: String
    var path: String
    var change: String

    var triple: CorpusFinding { CorpusFinding(resource: resource, path: path, change: change) }
  }

  struct GitopsCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var iac: String
    var live: String
    var iacDefaultNamespace: String?
    var resource: String
    var expectDrift: Bool
    var expectedFindings: [ExpectedFinding]
    var iacEdits: [IaCEdit]?

    var testDescription: String { name }
  }

  struct NeatCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var rawJson: String
    var rawYaml: String
    var iac: String
    var live: [String]
    var iacDefaultNamespace: String?
    var resources: [String]
    var expectDrift: Bool
    var expectedFindings: [ExpectedFinding]
    var iacEdits: [IaCEdit]?

    var testDescription: String { name }
  }

  /// An in-memory edit of the parsed IaC object (`{"op": "set"|"delete", "segments": [...], "value": ...}`).
  struct IaCEdit: Decodable, Sendable {
    enum Segment: Decodable, Sendable {
      case key(String)
      case index(Int)

      init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let index = try? container.decode(Int.self) {
          self = .index(index)
        } else {
          self = .key(try container.decode(String.self))
        }
      }
    }

    var op: String
    var segments: [Segment]
    var value: JSONValue?

    func apply(to object: inout Value) {
      apply(to: &object, segments[...])
    }

    private func apply(to current: inout Value, _ rest: ArraySlice<Segment>) {
      guard let first = rest.first else { return }
      let last = rest.count == 1
      switch first {
      case .key(let key):
        if last {
          current[key] = op == "delete" ? nil : (value?.driftbackValue ?? .null)
        } else {
          if current[key] == nil, op == "set" { current[key] = Value(.map(ValueMap())) }
          current.withMap { map in map.modify(key) { apply(to: &$0, rest.dropFirst()) } }
        }
      case .index(let index):
        current.withList { items in
          guard items.indices.contains(index) else { return }
          if last {
            if op == "delete" { items.remove(at: index) } else { items[index] = value?.driftbackValue ?? .null }
          } else {
            apply(to: &items[index], rest.dropFirst())
          }
        }
      }
    }
  }

  /// Any JSON value, decoded from cases.json.
  indirect enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([JSONValue])
    case map([String: JSONValue])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        self = .null
      } else if let flag = try? container.decode(Bool.self) {
        self = .bool(flag)
      } else if let number = try? container.decode(Int.self) {
        self = .int(number)
      } else if let number = try? container.decode(Double.self) {
        self = .double(number)
      } else if let text = try? container.decode(String.self) {
        self = .string(text)
      } else if let items = try? container.decode([JSONValue].self) {
        self = .list(items)
      } else {
        self = .map(try container.decode([String: JSONValue].self))
      }
    }

    var driftbackValue: Value {
      switch self {
      case .null: .null
      case .bool(let flag): .bool(flag)
      case .int(let number): .int(number)
      case .double(let number): Value(.number(Number(text: String(number), integer: nil, double: number)))
      case .string(let text): .string(text)
      case .list(let items): .list(items.map(\.driftbackValue))
      case .map(let map):
        .map(ValueMap(map.keys.sorted().map { ValueMap.Entry(key: $0, value: map[$0]!.driftbackValue) }))
      }
    }
  }
}
