import Testing

@testable import DriftbackSyntax

@Suite("Scalar resolution")
struct YAMLScalarResolverTests {
  typealias R = YAMLScalarResolver

  @Test(arguments: ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"])
  func kubernetesTrue(_ text: String) {
    #expect(R.resolvePlain(text, schema: .kubernetes) == .bool(true))
  }

  @Test(arguments: ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"])
  func kubernetesFalse(_ text: String) {
    #expect(R.resolvePlain(text, schema: .kubernetes) == .bool(false))
  }

  @Test(arguments: ["yes", "No", "on", "OFF", "y"])
  func coreKeepsYesNoAsStrings(_ text: String) {
    #expect(R.resolvePlain(text, schema: .core) == .string)
  }

  @Test func integers() {
    #expect(R.resolvePlain("0644", schema: .kubernetes) == .integer(420))
    #expect(R.resolvePlain("0644", schema: .core) == .integer(644))
    #expect(R.resolvePlain("0x1F", schema: .kubernetes) == .integer(31))
    #expect(R.resolvePlain("0o17", schema: .core) == .integer(15))
    #expect(R.resolvePlain("0b101", schema: .kubernetes) == .integer(5))
    #expect(R.resolvePlain("1_000", schema: .kubernetes) == .integer(1000))
    #expect(R.resolvePlain("-42", schema: .core) == .integer(-42))
    #expect(R.resolvePlain("99999999999999999999", schema: .core) == .integer(nil))
  }

  @Test func floatsNullsAndStrings() {
    #expect(R.resolvePlain("1.5", schema: .kubernetes) == .float(1.5))
    #expect(R.resolvePlain("1e3", schema: .kubernetes) == .float(1000))
    #expect(R.resolvePlain(".inf", schema: .core) == .float(.infinity))
    #expect(R.resolvePlain("~", schema: .kubernetes) == .null)
    #expect(R.resolvePlain("", schema: .kubernetes) == .null)
    #expect(R.resolvePlain("Null", schema: .core) == .null)
    #expect(R.resolvePlain("1.4.2", schema: .kubernetes) == .string)
    #expect(R.resolvePlain("250m", schema: .kubernetes) == .string)
    #expect(R.resolvePlain("2026-11-21", schema: .kubernetes) == .string)
  }

  @Test func stylesAndTags() {
    #expect(R.resolve("true", style: .doubleQuoted, tag: nil, schema: .kubernetes) == .string)
    #expect(R.resolve("8080", style: .singleQuoted, tag: nil, schema: .kubernetes) == .string)
    #expect(R.resolve("8080", style: .plain, tag: YAMLTag.string, schema: .kubernetes) == .string)
    #expect(R.resolve("8080", style: .plain, tag: "!", schema: .kubernetes) == .string)
    #expect(R.resolve("12", style: .plain, tag: YAMLTag.float, schema: .core) == .float(12))
    #expect(R.resolve("", style: .plain, tag: "!Ref", schema: .core) == .null)
  }
}

extension YAMLScalarResolverTests {
  @Test func overflowingIntegers() {
    #expect(R.resolvePlain("99999999999999999999", schema: .kubernetes) == .float(1e20))
  }
}
