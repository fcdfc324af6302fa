import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("Analysis: Differ with the Kubernetes list policy")
struct DifferAnalysisTests {
  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 3
      template:
        spec:
          containers:
            - name: web
              image: nginx:1.25
              args: ["--port", "8080", "--log=info"]
              env:
                - {name: MODE, value: production}
              resources:
                limits: {cpu: 500m, memory: 256Mi}
    """

  /// The deployment with its container block replaced.
  static func deployment(containers: String, podSpec: String = "") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 3
      template:
        spec:
    \(podSpec)
          containers:
    \(containers)
    """
  }

  // MARK: - One change per one-sided subtree

  @Test func identicalObjectsHaveNoChanges() throws {
    #expect(try AnalysisFixture.changes(iac: Self.deployment, live: Self.deployment).isEmpty)
  }

  @Test func anAddedContainerIsOneChangeHoldingTheWholeContainer() throws {
    let live =
      Self.deployment + """

                - name: debug
                  image: busybox:1.36
                  command: [sleep, infinity]
                  securityContext: {privileged: true}
        """
    let changes = try AnalysisFixture.changes(iac: Self.deployment, live: live)
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["spec.template.spec.containers[name=debug] added"])
    let change = try #require(changes.first)
    #expect(change.iac == nil)
    #expect(
      change.live == [
        "name": "debug", "image": "busybox:1.36", "command": ["sleep", "infinity"],
        "securityContext": ["privileged": true],
      ])
  }

  @Test func anAddedEnvItemIsOneChange() throws {
    let live = Self.deployment.replacingOccurrences(
      of: "- {name: MODE, value: production}",
      with: "- {name: MODE, value: production}\n            - {name: DEBUG, value: \"1\"}")
    let changes = try AnalysisFixture.changes(iac: Self.deployment, live: live)
    #expect(
      changes.map { "\($0.path) \($0.kind)" } == ["spec.template.spec.containers[name=web].env[name=DEBUG] added"])
    #expect(changes.first?.live == ["name": "DEBUG", "value": "1"])
  }

  @Test func aRemovedKeyIsOneChangeHoldingTheWholeSubtree() throws {
    let live = Self.deployment.replacingOccurrences(
      of: "          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n", with: ""
    )
    .replacingOccurrences(of: "          resources:\n            limits: {cpu: 500m, memory: 256Mi}", with: "")
    let changes = try AnalysisFixture.changes(iac: Self.deployment, live: live)
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["spec.template.spec.containers[name=web].resources removed"])
    #expect(changes.first?.iac == ["limits": ["cpu": "500m", "memory": "256Mi"]])
    #expect(changes.first?.live == nil)
  }

  @Test func aChangedScalarCarriesBothValues() throws {
    let live = Self.deployment.replacingOccurrences(of: "replicas: 3", with: "replicas: 5")
    let changes = try AnalysisFixture.changes(iac: Self.deployment, live: live)
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["spec.replicas changed"])
    #expect(changes.first?.iac == 3)
    #expect(changes.first?.live == 5)
  }

  // MARK: - Keyed lists

  @Test func containersMatchByNameIgnoringOrder() throws {
    let iac = Self.deployment(
      containers: """
              - {name: web, image: "nginx:1.25"}
              - {name: proxy, image: "envoy:1.29"}
        """)
    let live = Self.deployment(
      containers: """
              - {name: proxy, image: "envoy:1.30"}
              - {name: web, image: "nginx:1.25"}
        """)
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live) == ["spec.template.spec.containers[name=proxy].image changed"])
  }

  @Test func containerPortsMatchByPortAndProtocolDefaultingToTCP() throws {
    let iac = Self.deployment(
      containers: """
              - name: web
                ports:
                  - {containerPort: 8080, name: http}
                  - {containerPort: 8080, protocol: UDP, name: quic}
        """)
    let live = Self.deployment(
      containers: """
              - name: web
                ports:
                  - {containerPort: 8080, protocol: UDP, name: quic}
                  - {containerPort: 8080, name: web}
        """)
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live) == [
        "spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].name changed"
      ])
  }

  @Test func aPortAddedLiveIsOneChangeKeyedByPortAndProtocol() throws {
    let iac = Self.deployment(containers: "        - name: web\n          ports: [{containerPort: 8080}]")
    let live = Self.deployment(
      containers: "        - name: web\n          ports: [{containerPort: 8080}, {containerPort: 9090, protocol: TCP}]")
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live) == [
        "spec.template.spec.containers[name=web].ports[containerPort=9090,protocol=TCP] added"
      ])
  }

  @Test func servicePortsMatchByPortAndProtocol() throws {
    let iac = """
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        ports:
          - {name: http, port: 80, targetPort: 8080}
          - {name: dns, port: 53, protocol: UDP, targetPort: 53}
          - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
      """
    let live = """
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        ports:
          - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
          - {name: dns, port: 53, protocol: UDP, targetPort: 5353}
          - {name: http, port: 80, protocol: TCP, targetPort: 8080}
      """
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live, kind: "Service") == [
        "spec.ports[port=80,protocol=TCP].protocol added",
        "spec.ports[port=53,protocol=UDP].targetPort changed",
      ])
  }

  @Test func duplicateMergeKeysFallBackToIndexMatching() throws {
    let iac = Self.deployment(
      containers: """
              - {name: web, image: "a:1"}
              - {name: web, image: "b:1"}
        """)
    let live = Self.deployment(
      containers: """
              - {name: web, image: "a:1"}
              - {name: web, image: "b:2"}
        """)
    #expect(try AnalysisFixture.lines(iac: iac, live: live) == ["spec.template.spec.containers[1].image changed"])
  }

  @Test func anItemWithoutItsKeyFallsBackToIndexMatching() throws {
    let iac = Self.deployment(
      containers: """
              - name: web
                env: [{name: A, value: "1"}, {value: orphan}]
        """)
    let live = Self.deployment(
      containers: """
              - name: web
                env: [{name: A, value: "2"}, {value: orphan}]
        """)
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live) == [
        "spec.template.spec.containers[name=web].env[0].value changed"
      ])
  }

  // MARK: - Sets and ordered lists

  @Test func finalizersAreASet() throws {
    let iac = "metadata:\n  finalizers: [example.com/a, example.com/b]\n"
    #expect(
      try AnalysisFixture.changes(iac: iac, live: "metadata:\n  finalizers: [example.com/b, example.com/a]\n").isEmpty)
    let changes = try AnalysisFixture.changes(
      iac: iac, live: "metadata:\n  finalizers: [example.com/b, example.com/c]\n")
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["metadata.finalizers changed"])
    #expect(changes.first?.iac == ["example.com/a", "example.com/b"])
    #expect(changes.first?.live == ["example.com/b", "example.com/c"])
  }

  @Test func capabilityDropIsASet() throws {
    let iac = Self.deployment(
      containers: "        - name: web\n          securityContext: {capabilities: {drop: [NET_RAW, ALL]}}")
    let reordered = Self.deployment(
      containers: "        - name: web\n          securityContext: {capabilities: {drop: [ALL, NET_RAW]}}")
    #expect(try AnalysisFixture.changes(iac: iac, live: reordered).isEmpty)
    let fewer = Self.deployment(
      containers: "        - name: web\n          securityContext: {capabilities: {drop: [NET_RAW]}}")
    #expect(
      try AnalysisFixture.lines(iac: iac, live: fewer) == [
        "spec.template.spec.containers[name=web].securityContext.capabilities.drop changed"
      ])
  }

  @Test func rbacVerbsAndResourcesAreSets() throws {
    let iac = """
      kind: Role
      rules:
        - apiGroups: ["", apps]
          resources: [pods, deployments]
          verbs: [get, list, watch]
      """
    let reordered = """
      kind: Role
      rules:
        - apiGroups: [apps, ""]
          resources: [deployments, pods]
          verbs: [watch, get, list]
      """
    #expect(try AnalysisFixture.changes(iac: iac, live: reordered, kind: "Role").isEmpty)
    let widened = reordered.replacingOccurrences(of: "[watch, get, list]", with: "[watch, get, list, \"*\"]")
    #expect(try AnalysisFixture.lines(iac: iac, live: widened, kind: "Role") == ["rules[0].verbs changed"])
  }

  @Test func orderedScalarListsAreOneChangeOfTheWholeList() throws {
    let reordered = Self.deployment.replacingOccurrences(
      of: #"args: ["--port", "8080", "--log=info"]"#, with: #"args: ["--log=info", "--port", "8080"]"#)
    let changes = try AnalysisFixture.changes(iac: Self.deployment, live: reordered)
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["spec.template.spec.containers[name=web].args changed"])
    #expect(changes.first?.iac == ["--port", "8080", "--log=info"])
    #expect(changes.first?.live == ["--log=info", "--port", "8080"])

    let longer = Self.deployment.replacingOccurrences(
      of: #"args: ["--port", "8080", "--log=info"]"#, with: #"args: ["--port", "8080", "--log=info", "--trace"]"#)
    #expect(
      try AnalysisFixture.lines(iac: Self.deployment, live: longer) == [
        "spec.template.spec.containers[name=web].args changed"
      ])
  }

  @Test func listsOfObjectsWithoutAKeyMatchByIndex() throws {
    let iac = Self.deployment(
      containers: "        - name: web",
      podSpec:
        "      tolerations:\n        - {key: dedicated, operator: Exists}\n        - {key: spot, operator: Exists}")
    let live = Self.deployment(
      containers: "        - name: web",
      podSpec: """
              tolerations:
                - {key: dedicated, operator: Exists, effect: NoSchedule}
                - {key: spot, operator: Exists}
                - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}
        """)
    #expect(
      try AnalysisFixture.lines(iac: iac, live: live) == [
        "spec.template.spec.tolerations[0].effect added",
        "spec.template.spec.tolerations[2] added",
      ])
  }

  // MARK: - Empty values, booleans, numbers

  @Test(arguments: ["~", "null", "\"\"", "{}", "[]", "''"])
  func emptyValuesEqualAbsence(empty: String) throws {
    let withEmpty = "metadata:\n  name: web\n  annotations: \(empty)\n"
    let without = "metadata:\n  name: web\n"
    #expect(try AnalysisFixture.changes(iac: withEmpty, live: without).isEmpty)
    #expect(try AnalysisFixture.changes(iac: without, live: withEmpty).isEmpty)
    for other in ["~", "\"\"", "{}", "[]"] {
      #expect(
        try AnalysisFixture.changes(iac: withEmpty, live: "metadata:\n  name: web\n  annotations: \(other)\n").isEmpty)
    }
  }

  @Test func anExplicitFalseInIaCEqualsAbsentLive() throws {
    let iac = Self.deployment(
      containers: "        - name: web", podSpec: "      hostNetwork: false\n      automountServiceAccountToken: false")
    let live = Self.deployment(containers: "        - name: web", podSpec: "      automountServiceAccountToken: null")
    #expect(try AnalysisFixture.changes(iac: iac, live: live).isEmpty)
  }

  @Test func aLiveFalseWithIaCAbsentIsAnAddedChange() throws {
    let iac = Self.deployment(containers: "        - name: web")
    let live = Self.deployment(containers: "        - name: web", podSpec: "      automountServiceAccountToken: false")
    let changes = try AnalysisFixture.changes(iac: iac, live: live)
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["spec.template.spec.automountServiceAccountToken added"])
    #expect(changes.first?.live == false)
  }

  @Test func aTrueInIaCAbsentLiveIsRemoved() throws {
    let iac = Self.deployment(containers: "        - name: web", podSpec: "      hostNetwork: true")
    let live = Self.deployment(containers: "        - name: web")
    #expect(try AnalysisFixture.lines(iac: iac, live: live) == ["spec.template.spec.hostNetwork removed"])
  }

  @Test func numberAndStringSpellingsAreEqual() throws {
    let iac = """
      spec:
        ports: [{port: 80, targetPort: "8080"}]
        replicas: "3"
        weight: 1.0
        args: ["8080", 1]
      """
    let live = """
      spec:
        ports: [{port: 80, targetPort: 8080}]
        replicas: 3
        weight: 1
        args: [8080, "1"]
      """
    #expect(try AnalysisFixture.changes(iac: iac, live: live, kind: "Service").isEmpty)
    let other = live.replacingOccurrences(of: "targetPort: 8080", with: "targetPort: 8081")
    #expect(
      try AnalysisFixture.lines(iac: iac, live: other, kind: "Service") == [
        "spec.ports[port=80,protocol=TCP].targetPort changed"
      ])
  }

  @Test func aKeyFieldSpelledAsAStringMatchesTheNumber() throws {
    let iac = Self.deployment(
      containers: "        - name: web\n          ports: [{containerPort: \"8080\", name: http}]")
    let live = Self.deployment(containers: "        - name: web\n          ports: [{containerPort: 8080, name: http}]")
    do {
      // The item keys must agree, or the same path would be reported both `removed` and `added`.
      let lines = try AnalysisFixture.lines(iac: iac, live: live)
      #expect(lines == [])
    }
  }

  @Test func aStringNeverEqualsANonNumber() throws {
    #expect(
      try AnalysisFixture.lines(iac: "spec: {enabled: \"true\"}", live: "spec: {enabled: true}") == [
        "spec.enabled changed"
      ])
    #expect(try AnalysisFixture.lines(iac: "spec: {port: \"http\"}", live: "spec: {port: 80}") == ["spec.port changed"])
  }

  @Test func aTypeChangeIsOneChange() throws {
    let changes = try AnalysisFixture.changes(iac: "data: {config: {a: 1}}", live: "data: {config: \"a=1\"}")
    #expect(changes.map { "\($0.path) \($0.kind)" } == ["data.config changed"])
  }

  @Test func changesFollowIaCOrderThenLiveOnlyKeys() throws {
    let iac = "a: 1\nb: 2\nc: 3\n"
    let live = "z: 0\nc: 30\na: 10\nw: 0\n"
    let lines = try AnalysisFixture.lines(iac: iac, live: live)
    #expect(lines == ["a changed", "b removed", "c changed", "z added", "w added"])
  }
}
