import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("CloudFormation parameters file")
struct CloudFormationParameterFileTests {
  func load(_ text: String, path: String = "params.json") throws -> CloudFormationParameterFile {
    try CloudFormationParameterFile.load(SourceFile(path: path, text: text))
  }

  func values(_ parameters: CloudFormationParameterFile) -> [String] {
    parameters.entries.map { "\($0.name)=\($0.value)" }
  }

  func spanTexts(_ parameters: CloudFormationParameterFile) -> [String] {
    parameters.entries.map { parameters.file.text($0.span) }
  }

  /// The file after replacing every entry's value with `newValue`, read again.
  func rewritten(_ parameters: CloudFormationParameterFile, to newValue: String) throws -> CloudFormationParameterFile {
    var bytes = parameters.file.bytes
    for entry in parameters.entries.sorted(by: { $0.span.start > $1.span.start }) {
      bytes.replaceSubrange(
        entry.span.start..<entry.span.end, with: Array(parameters.replacement(for: entry, value: newValue).utf8))
    }
    return try CloudFormationParameterFile.load(SourceFile(path: parameters.file.path, bytes: bytes))
  }

  /// Checks that writing `replacement(for:value:)` over each span gives back exactly that value.
  func expectRoundTrips(
    _ parameters: CloudFormationParameterFile, sourceLocation: Testing.SourceLocation = #_sourceLocation
  )
    throws
  {
    for newValue in ["plain", "two words", "it's \"quoted\" $HOME \\ back", "", "a=b,c"] {
      let again = try rewritten(parameters, to: newValue)
      #expect(again.entries.map(\.name) == parameters.entries.map(\.name), sourceLocation: sourceLocation)
      #expect(again.entries.allSatisfy { $0.value == newValue }, "\(newValue)", sourceLocation: sourceLocation)
    }
  }

  // MARK: - Forms

  @Test func createStackParameters() throws {
    let parameters = try load(
      """
      [
        {"ParameterKey": "Environment", "ParameterValue": "prod"},
        {"ParameterKey": "Size", "ParameterValue": "3", "UsePreviousValue": false},
        {"ParameterKey": "Kept", "UsePreviousValue": true},
        {"ParameterKey": "Escaped", "ParameterValue": "a\\"b\\u00e9"}
      ]
      """)
    #expect(values(parameters) == ["Environment=prod", "Size=3", "Escaped=a\"bé"])
    #expect(spanTexts(parameters) == ["\"prod\"", "\"3\"", "\"a\\\"b\\u00e9\""])
    #expect(parameters.entries.allSatisfy { $0.style == .jsonValue })
    #expect(parameters.entries.map { parameters.file.text($0.keySpan) }.first == "\"Environment\"")
    #expect(parameters.previousValueNames == ["Kept"])
    #expect(
      parameters.diagnostics.map(\.message) == [
        "parameter 'Kept' uses the stack's previous value, which is unknown here"
      ])
    #expect(parameters.diagnostics.first?.severity == .note)
    #expect(parameters.diagnostics.first?.location?.line == 4)
    #expect(parameters["Size"]?.value == "3")
    try expectRoundTrips(parameters)
  }

  @Test func theSampleParametersFile() throws {
    let file = try CloudFormationEvaluatorFixture.sampleFile("shop-edge.parameters.json")
    let parameters = try CloudFormationParameterFile.load(file)
    #expect(values(parameters) == ["Environment=prod", "AssetsVersioning=Suspended"])
    #expect(spanTexts(parameters) == ["\"prod\"", "\"Suspended\""])
  }

  @Test func cliInputJSONParametersList() throws {
    let parameters = try load(
      #"{"StackName": "shop", "Parameters": [{"ParameterKey": "A", "ParameterValue": "1"}], "Capabilities": []}"#)
    #expect(values(parameters) == ["A=1"])
  }

  @Test func deployOverridesAsJSONList() throws {
    let parameters = try load(#"["Environment=prod", "Url=https://x/?a=b", "Empty=", "Esc\u0061ped=\"q\"\n"]"#)
    #expect(values(parameters) == ["Environment=prod", "Url=https://x/?a=b", "Empty=", "Escaped=\"q\"\n"])
    #expect(spanTexts(parameters) == ["prod", "https://x/?a=b", "", #"\"q\"\n"#])
    #expect(
      parameters.entries.map { parameters.file.text($0.keySpan) } == ["Environment", "Url", "Empty", #"Esc\u0061ped"#])
    #expect(parameters.entries.allSatisfy { $0.style == .jsonStringContent })
    try expectRoundTrips(parameters)
  }

  @Test func codePipelineTemplateConfiguration() throws {
    let parameters = try load(
      """
      {
        "Parameters": {"Environment": "prod", "Count": 3, "On": true},
        "Tags": {"team": "shop"},
        "StackPolicy": {"Statement": []}
      }
      """)
    #expect(values(parameters) == ["Environment=prod", "Count=3", "On=true"])
    #expect(spanTexts(parameters) == ["\"prod\"", "3", "true"])
    try expectRoundTrips(parameters)
  }

  @Test func shellFormWithQuotesAndComments() throws {
    let parameters = try load(
      """
      # deploy overrides
      Environment=prod Size=3
      Name="two words" 'Quoted=whole word' Mixed=a"b c"d
        Escaped=a\\ b "Dq=say \\"hi\\""
      Empty=
      """, path: "overrides.txt")
    #expect(
      values(parameters) == [
        "Environment=prod", "Size=3", "Name=two words", "Quoted=whole word", "Mixed=ab cd", "Escaped=a b",
        "Dq=say \"hi\"", "Empty=",
      ])
    #expect(
      spanTexts(parameters) == [
        "prod", "3", "\"two words\"", "whole word", "a\"b c\"d", "a\\ b", "say \\\"hi\\\"", "",
      ])
    #expect(parameters.entries[3].style == .textQuotedContent(quote: "'"))
    #expect(parameters.entries[6].style == .textQuotedContent(quote: "\""))
    #expect(parameters.entries[0].style == .textWord)
    #expect(parameters.file.text(parameters.entries[3].keySpan) == "'Quoted")
    try expectRoundTrips(parameters)
  }

  @Test func replacementKeepsTheEntrysStyle() throws {
    let parameters = try load("A=x B='y' \"C=z\"", path: "p.txt")
    let replacements = parameters.entries.map { parameters.replacement(for: $0, value: "new value") }
    #expect(replacements == ["'new value'", "'new value'", "new value"])
    #expect(parameters.entries.map { $0.replacementText(for: "v1") } == ["v1", "v1", "v1"])
  }

  // MARK: - Errors

  @Test func duplicateNamesAreErrorsAtTheSecondOne() throws {
    let cases: [(String, Int, Int)] = [
      (
        "[{\"ParameterKey\": \"A\", \"ParameterValue\": \"1\"},\n {\"ParameterKey\": \"A\", \"ParameterValue\": \"2\"}]",
        2, 19
      ),
      ("[\"A=1\",\n \"A=2\"]", 2, 3),
      ("A=1\nB=2 A=3", 2, 5),
      ("[{\"ParameterKey\": \"A\", \"UsePreviousValue\": true}, \"A=1\"]", 1, 52),
    ]
    for (text, line, column) in cases {
      #expect {
        try load(text)
      } throws: { error in
        guard let diagnostic = error as? Diagnostic else { return false }
        return diagnostic.message == "parameter 'A' is given more than once" && diagnostic.location?.line == line
          && diagnostic.location?.column == column
      }
    }
  }

  @Test(arguments: [
    ("[42]", "expected {\"ParameterKey\": …, \"ParameterValue\": …} or a \"Key=Value\" string"),
    ("[\"novalue\"]", "expected \"Key=Value\""),
    ("[\"=x\"]", "empty parameter name"),
    ("{\"Foo\": 1}", "expected a list of parameters or an object with \"Parameters\" (found keys: 'Foo')"),
    ("{\"Parameters\": \"A=1\"}", "\"Parameters\" must be an object or a list"),
    ("{\"Parameters\": {\"A\": [1]}}", "the value of parameter 'A' must be a string"),
    ("{\"Parameters\": {\"A\": null}}", "the value of parameter 'A' must be a string"),
    ("[{\"ParameterValue\": \"1\"}]", "parameter entry without \"ParameterKey\""),
    ("[{\"ParameterKey\": 1, \"ParameterValue\": \"1\"}]", "\"ParameterKey\" must be a string"),
    ("[{\"ParameterKey\": \"A\"}]", "parameter 'A' has no \"ParameterValue\" and does not use its previous value"),
    ("[{\"ParameterKey\": \"A\", \"UsePreviousValue\": \"yes\"}]", "\"UsePreviousValue\" must be true or false"),
    ("[{\"ParameterKey\": \"A\", \"ParameterValue\": \"1\"", "expected ',' or '}'"),
    ("A=1 B", "expected Key=Value, found a word without '='"),
    (
      "ParameterKey=A,ParameterValue=1", "the create-stack shorthand (ParameterKey=…,ParameterValue=…) is not read here"
    ),
    ("A='open", "unterminated ' quote"),
    ("A=\"open", "unterminated \" quote"),
    ("\"A=x\"y", "quote either the value (K=\"V\") or the whole word (\"K=V\")"),
  ])
  func malformedFilesAreDiagnostics(text: String, message: String) throws {
    #expect {
      try load(text, path: text.hasPrefix("[") || text.hasPrefix("{") ? "p.json" : "p.txt")
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.severity == .error && diagnostic.message.hasPrefix(message) && diagnostic.location?.line == 1
    }
  }

  @Test func unknownKeysInAnEntryAreWarnings() throws {
    let parameters = try load(#"[{"ParameterKey": "A", "ParameterValue": "1", "Extra": 2, "ResolvedValue": "x"}]"#)
    #expect(values(parameters) == ["A=1"])
    #expect(parameters.diagnostics.map(\.message) == ["unknown key 'Extra' in a parameter entry is ignored"])
  }

  @Test func emptyFiles() throws {
    #expect(try load("", path: "p.txt").entries.isEmpty)
    #expect(try load("  # nothing\n", path: "p.txt").entries.isEmpty)
    #expect(try load("[]").entries.isEmpty)
    #expect(try load(#"{"Parameters": {}}"#).entries.isEmpty)
  }
}
