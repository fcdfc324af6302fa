import Foundation
import Testing

@testable import DriftbackSyntax

/// hashicorp/hcl's specification suite (corpora/README.md item 4): parse-must-succeed cases have the
/// expected top-level structure and, as far as `check` allows, the values of the `.t` file's `result`;
/// parse-must-fail cases report exactly the listed errors at their line and column; every `.t` and
/// `.hcldec` file parses.
@Suite("HCL spec suite conformance")
struct HCLSpecSuiteTests {
  static let root = HCLTestSupport.corpus("hcl/specsuite")

  static let cases: [HCLSpecCase] = {
    guard let root, let data = try? Data(contentsOf: root.appendingPathComponent("cases.json")) else { return [] }
    return (try? JSONDecoder().decode(HCLSpecCases.self, from: data).cases) ?? []
  }()

  static let extraInputs: [String] = {
    guard let root else { return [] }
    return HCLTestSupport.files(under: root, suffixes: [".t", ".hcldec"])
  }()

  /// Guards against passing with zero checks when the corpus is present.
  @Test(.enabled(if: root != nil)) func casesAreLoaded() {
    #expect(Self.cases.count == 15, "cases.json should hold 15 cases")
    #expect(Self.cases.filter { $0.parse == "error" }.count == 3)
    #expect(Self.extraInputs.count == 30)
  }

  // MARK: - Parse must succeed

  @Test(.enabled(if: root != nil), arguments: cases.filter { $0.parse == "success" })
  func parsesWithExpectedStructure(_ specCase: HCLSpecCase) throws {
    let root = try #require(Self.root)
    let expected = try #require(specCase.expectedTopLevel)
    for input in specCase.inputs {
      let source = try Self.load(input, from: root)
      if input.hasSuffix(".json") {
        // The JSON-syntax twin of a native file: a JSON object whose keys are the top-level names.
        let document = try JSONParser().parse(source)
        guard case .mapping(let entries, _)? = document.root?.content else {
          Issue.record("\(input): expected a JSON object")
          continue
        }
        let names = entries.compactMap(\.key.scalarValue)
        #expect(names == expected.attributes + expected.blocks.map(\.type))
        continue
      }
      let file = try HCLParser().parse(source)
      #expect(file.reemitted == source.bytes)
      #expect(file.body.attributes.map(\.name) == expected.attributes, "\(input)")
      let blocks = file.body.blocks.map {
        HCLSpecBlock(type: $0.type, labels: $0.labels.map(\.value), attributes: $0.body.attributes.map(\.name))
      }
      #expect(blocks == expected.blocks, "\(input)")
      try checkValues(of: file, for: specCase, root: root)
    }
  }

  /// Compares values with the `.t` file's `result`, as far as `check` allows.
  func checkValues(of file: HCLFile, for specCase: HCLSpecCase, root: URL) throws {
    switch specCase.check {
    case "literals", "templates":
      let expectation = try HCLParser().parse(try Self.load(specCase.expectation, from: root))
      let result = try #require(expectation.body.attribute(named: "result"), "\(specCase.expectation) has no result")
      let actual = file.body.attributes.isEmpty ? (file.body.blocks.first?.body ?? file.body) : file.body
      var compared = 0
      compare(result.expression, toAttributesOf: actual, variables: specCase.variables ?? [:], compared: &compared)
      #expect(compared > 0, "no value of \(specCase.name) was compared")
    case "evaluation":
      // Values need arbitrary-precision evaluation; check that every value is an operator expression.
      for block in file.body.blocks {
        for attribute in block.body.attributes {
          switch attribute.expression.kind {
          case .binary, .unary, .conditional: break
          default: Issue.record("\(attribute.name) should be an operator expression")
          }
        }
      }
    default:
      break
    }
  }

  /// Compares each item of the expected object with the attribute (or object item) of the same name.
  func compare(
    _ expected: HCLExpression, toAttributesOf body: HCLBody, variables: [String: HCLSpecVariable], compared: inout Int
  ) {
    guard case .object(let items) = expected.kind else {
      Issue.record("expected result to be an object")
      return
    }
    for item in items {
      guard let name = item.keyName, let attribute = body.attribute(named: name) else {
        Issue.record("no attribute for result key \(item.keyName ?? "?")")
        continue
      }
      compare(item.value, to: attribute.expression, name: name, variables: variables, compared: &compared)
    }
  }

  func compare(
    _ expected: HCLExpression, to actual: HCLExpression, name: String, variables: [String: HCLSpecVariable],
    compared: inout Int
  ) {
    if case .object(let expectedItems) = expected.kind {
      guard case .object(let actualItems) = actual.kind else {
        Issue.record("\(name): expected an object")
        return
      }
      #expect(expectedItems.map(\.keyName) == actualItems.map(\.keyName), "\(name)")
      for (expectedItem, actualItem) in zip(expectedItems, actualItems) {
        compare(
          expectedItem.value, to: actualItem.value, name: "\(name).\(expectedItem.keyName ?? "?")",
          variables: variables, compared: &compared)
      }
      return
    }
    let want = expected.literalValue
    var got = actual.literalValue
    if got == nil, case .template(let template) = actual.kind {
      got = Self.render(template.parts, variables: variables).map(HCLLiteralValue.string)
    }
    #expect(got == want, "\(name)")
    compared += 1
  }

  /// Renders literal text and interpolations of plain string variables; `nil` for anything else.
  static func render(_ parts: [HCLTemplatePart], variables: [String: HCLSpecVariable]) -> String? {
    var text = ""
    for part in parts {
      switch part {
      case .literal(let literal, _):
        text += literal
      case .interpolation(let interpolation):
        guard case .scopeTraversal(let root, _, let steps) = interpolation.expression.kind, steps.isEmpty,
          case .string(let value)? = variables[root]
        else { return nil }
        text += value
      default:
        return nil
      }
    }
    return text
  }

  // MARK: - Parse must fail

  @Test(.enabled(if: root != nil), arguments: cases.filter { $0.parse == "error" })
  func reportsExpectedErrors(_ specCase: HCLSpecCase) throws {
    let root = try #require(Self.root)
    let expected = try #require(specCase.errors)
    for input in specCase.inputs {
      let source = try Self.load(input, from: root)
      let result = try HCLParser().parseRecovering(source)
      let positions = result.diagnostics.map { [$0.location?.line ?? 0, $0.location?.column ?? 0] }
      let wanted = expected.map { [$0.from.line, $0.from.column] }
      #expect(positions == wanted, "\(result.diagnostics.map(\.rendered).joined(separator: "\n"))")
      #expect(result.diagnostics.allSatisfy { $0.severity == .error })
      #expect(throws: Diagnostic.self) { try HCLParser().parse(source) }
      #expect(result.file.reemitted == source.bytes)
    }
  }

  // MARK: - Every .t and .hcldec file is native syntax

  @Test(.enabled(if: root != nil), arguments: extraInputs)
  func expectationAndSpecFilesParse(_ path: String) throws {
    let source = try Self.load(path, from: try #require(Self.root))
    let file = try HCLParser().parse(source)
    #expect(file.reemitted == source.bytes)
  }

  static func load(_ relative: String, from root: URL) throws -> DriftbackSyntax.SourceFile {
    let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(relative)))
    return DriftbackSyntax.SourceFile(path: relative, bytes: bytes)
  }
}

// MARK: - cases.json

struct HCLSpecCases: Decodable {
  let cases: [HCLSpecCase]
}

struct HCLSpecCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  let inputs: [String]
  let expectation: String
  let parse: String
  let check: String?
  let expectedTopLevel: HCLSpecTopLevel?
  let errors: [HCLSpecError]?
  let variables: [String: HCLSpecVariable]?

  var testDescription: String { name }
}

struct HCLSpecTopLevel: Decodable, Sendable {
  let attributes: [String]
  let blocks: [HCLSpecBlock]
}

struct HCLSpecBlock: Decodable, Sendable, Equatable, CustomStringConvertible {
  let type: String
  let labels: [String]
  let attributes: [String]

  var description: String { "\(type) \(labels) \(attributes)" }
}

struct HCLSpecError: Decodable, Sendable {
  struct Position: Decodable, Sendable {
    let line: Int
    let column: Int
    let byte: Int
  }

  let from: Position
  let to: Position
}

enum HCLSpecVariable: Decodable, Sendable {
  case string(String)
  case other

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) { self = .string(text) } else { self = .other }
  }
}
