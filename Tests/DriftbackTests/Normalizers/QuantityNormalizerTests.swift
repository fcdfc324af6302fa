import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct KubernetesQuantityTests {
  @Test(arguments: [
    ("0.5", "500m"), ("1Gi", "1024Mi"), ("1000M", "1G"), ("2", "2000m"), ("1e3", "1k"), ("1E3", "1000"),
    ("0.1", "100m"), ("1.5Gi", "1536Mi"), ("1Ki", "1024"), ("0", "0m"), ("+1", "1"),
    ("1Ei", "1152921504606846976"), ("2.50", "2.5"), ("100000000000000000000000000", "1e26"),
    ("100Ei", "115292150460684697600"),
  ])
  func equalAmounts(_ lhs: String, _ rhs: String) throws {
    let a = try #require(KubernetesQuantity(lhs))
    let b = try #require(KubernetesQuantity(rhs))
    #expect(a == b)
  }

  @Test(arguments: [("1Gi", "1G"), ("500m", "0.51"), ("1Mi", "1M"), ("1", "-1"), ("129e6", "128974848")])
  func differentAmounts(_ lhs: String, _ rhs: String) throws {
    let a = try #require(KubernetesQuantity(lhs))
    let b = try #require(KubernetesQuantity(rhs))
    #expect(a != b)
  }

  /// `9999Ei` is a quantity, but does not fit 64 bits once multiplied out: it is left unread, so it is
  /// compared as written.
  @Test(arguments: ["", "abc", "1GiB", "Gi", "1.2.3", "--1", "1 Gi", "9999Ei"])
  func notQuantities(_ text: String) {
    #expect(KubernetesQuantity(text) == nil)
  }

  @Test func numbersAreReadByValue() throws {
    #expect(KubernetesQuantity(value: 2) == KubernetesQuantity("2000m"))
    #expect(
      KubernetesQuantity(value: Value(.number(Number(text: "0.25", integer: nil, double: 0.25))))
        == KubernetesQuantity("250m"))
    #expect(KubernetesQuantity(value: ["cpu": 1]) == nil)
    #expect(KubernetesQuantity("0m")?.isZero == true)
  }
}

@Suite struct QuantityNormalizerTests {
  static let id = QuantityNormalizer().id

  /// The IaC spells quantities the way people write them.
  static let deploymentIaC = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      replicas: 2
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: ghcr.io/shop/web:2.4.1
            resources:
              requests:
                cpu: 0.5
                memory: 1024Mi
                ephemeral-storage: 1e3
              limits:
                cpu: 2
                memory: 1000M
          volumes:
          - name: cache
            emptyDir:
              sizeLimit: 0.5Gi
    """

  /// kubectl prints them in canonical form.
  static func deploymentLive(cpuRequest: String = "500m") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      progressDeadlineSeconds: 600
      replicas: 2
      revisionHistoryLimit: 10
      selector:
        matchLabels:
          app: web
      strategy:
        rollingUpdate:
          maxSurge: 25%
          maxUnavailable: 25%
        type: RollingUpdate
      template:
        metadata:
          creationTimestamp: null
          labels:
            app: web
        spec:
          containers:
          - image: ghcr.io/shop/web:2.4.1
            imagePullPolicy: IfNotPresent
            name: web
            resources:
              limits:
                cpu: "2"
                memory: 1G
              requests:
                cpu: \(cpuRequest)
                ephemeral-storage: 1k
                memory: 1Gi
            terminationMessagePath: /dev/termination-log
            terminationMessagePolicy: File
          dnsPolicy: ClusterFirst
          restartPolicy: Always
          schedulerName: default-scheduler
          securityContext: {}
          terminationGracePeriodSeconds: 30
          volumes:
          - emptyDir:
              sizeLimit: 512Mi
            name: cache
    """
  }

  @Test func equalQuantitiesSpelledDifferentlyAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive()) == [])
    let web = "spec.template.spec.containers[name=web].resources"
    #expect(
      try NormalizerFixture.changes(iac: Self.deploymentIaC, live: Self.deploymentLive(), without: Self.id) == [
        "\(web).limits.memory changed", "\(web).requests.cpu changed", "\(web).requests.ephemeral-storage changed",
        "\(web).requests.memory changed", "spec.template.spec.volumes[name=cache].emptyDir.sizeLimit changed",
      ])
  }

  @Test func differentQuantityIsReported() throws {
    let changes = try NormalizerFixture.changeList(
      iac: Self.deploymentIaC, live: Self.deploymentLive(cpuRequest: "750m"))
    #expect(
      changes.map { "\($0.path) \($0.kind.rawValue)" } == [
        "spec.template.spec.containers[name=web].resources.requests.cpu changed"
      ])
    #expect(changes.first?.iac?.number?.text == "0.5")
    #expect(changes.first?.live == "750m")
  }

  @Test func liveTakesTheIaCSpelling() throws {
    var pair = NormalizationPair(
      iac: try NormalizerFixture.object(Self.deploymentIaC), live: try NormalizerFixture.object(Self.deploymentLive()),
      kind: "Deployment", group: "apps")
    QuantityNormalizer().normalize(&pair)
    let requests = try #require(
      pair.live.value(at: ["spec", "template", "spec"])?["containers"]?.list?.first?["resources"]?["requests"])
    #expect(requests["cpu"]?.number?.text == "0.5")
    #expect(requests["memory"]?.string == "1024Mi")
    // The live value keeps pointing at the capture.
    #expect(requests["cpu"]?.span != nil)
  }

  @Test func cleaningKeepsQuantitiesAsCaptured() throws {
    let cleaned = try NormalizerFixture.clean(Self.deploymentLive())
    let requests = cleaned.value(at: ["spec", "template", "spec"])?["containers"]?.list?.first?["resources"]?[
      "requests"]
    #expect(requests?["cpu"]?.string == "500m")
  }

  // MARK: - Claims and quotas

  @Test func claimAndQuotaQuantitiesAreNormalized() throws {
    let claimIaC = """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
        namespace: shop
      spec:
        accessModes: [ReadWriteOnce]
        storageClassName: gp3
        resources:
          requests:
            storage: 20480Mi
      """
    let claimLive = """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
        namespace: shop
      spec:
        accessModes:
        - ReadWriteOnce
        resources:
          requests:
            storage: 20Gi
        storageClassName: gp3
        volumeMode: Filesystem
        volumeName: pvc-5f2a0d3c-7b9e-4a61-8d2f-1e3c5b7a9d0f
      """
    #expect(try NormalizerFixture.changes(iac: claimIaC, live: claimLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: claimIaC, live: claimLive, without: Self.id) == [
        "spec.resources.requests.storage changed"
      ])

    let quotaIaC = """
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: compute
        namespace: shop
      spec:
        hard:
          requests.cpu: 4
          requests.memory: 8192Mi
          pods: 20
      """
    let quotaLive = """
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: compute
        namespace: shop
      spec:
        hard:
          pods: "20"
          requests.cpu: "4"
          requests.memory: 8Gi
      status:
        hard:
          pods: "20"
        used:
          pods: "3"
      """
    #expect(try NormalizerFixture.changes(iac: quotaIaC, live: quotaLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: quotaIaC, live: quotaLive, without: Self.id)
        == [#"spec.hard["requests.memory"] changed"#])
    #expect(
      try NormalizerFixture.changes(iac: quotaIaC, live: quotaLive.replacingOccurrences(of: "8Gi", with: "16Gi"))
        == [#"spec.hard["requests.memory"] changed"#])
  }
}
