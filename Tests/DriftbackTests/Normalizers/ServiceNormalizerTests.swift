import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite struct ServiceNormalizerTests {
  static let id = ServiceNormalizer().id

  static let clusterIPIaC = """
    apiVersion: v1
    kind: Service
    metadata:
      name: dns
      namespace: shop
    spec:
      selector:
        app: dns
      ports:
      - name: dns-udp
        port: 53
        protocol: UDP
      - name: dns-tcp
        port: 53
      - name: http
        port: 80
        targetPort: 8080
    """

  static func clusterIPLive(httpTargetPort: Int = 8080, sessionAffinity: String = "None") -> String {
    """
    apiVersion: v1
    kind: Service
    metadata:
      creationTimestamp: "2026-11-02T09:14:07Z"
      name: dns
      namespace: shop
      resourceVersion: "918290"
      uid: 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a
    spec:
      clusterIP: 10.96.41.7
      clusterIPs:
      - 10.96.41.7
      internalTrafficPolicy: Cluster
      ipFamilies:
      - IPv4
      ipFamilyPolicy: SingleStack
      ports:
      - name: dns-udp
        port: 53
        protocol: UDP
        targetPort: 53
      - name: dns-tcp
        port: 53
        protocol: TCP
        targetPort: 53
      - name: http
        port: 80
        protocol: TCP
        targetPort: \(httpTargetPort)
      selector:
        app: dns
      sessionAffinity: \(sessionAffinity)
      type: ClusterIP
    status:
      loadBalancer: {}
    """
  }

  @Test func allocatedAndDefaultedFieldsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.clusterIPIaC, live: Self.clusterIPLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.clusterIPIaC, live: Self.clusterIPLive(), without: Self.id) == [
        "spec.clusterIP added", "spec.clusterIPs added", "spec.internalTrafficPolicy added", "spec.ipFamilies added",
        "spec.ipFamilyPolicy added", "spec.ports[port=53,protocol=TCP].protocol added",
        "spec.ports[port=53,protocol=TCP].targetPort added", "spec.ports[port=53,protocol=UDP].targetPort added",
        "spec.ports[port=80,protocol=TCP].protocol added", "spec.sessionAffinity added", "spec.type added",
      ])
  }

  @Test func changedTargetPortIsReported() throws {
    let changes = try NormalizerFixture.changeList(
      iac: Self.clusterIPIaC, live: Self.clusterIPLive(httpTargetPort: 8081))
    #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["spec.ports[port=80,protocol=TCP].targetPort changed"])
    #expect(changes.first?.iac == 8080)
    #expect(changes.first?.live == 8081)
  }

  @Test func clientIPAffinityIsReportedWithoutItsDefaultTimeout() throws {
    let live = Self.clusterIPLive(
      sessionAffinity: "ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 10800")
    #expect(try NormalizerFixture.changes(iac: Self.clusterIPIaC, live: live) == ["spec.sessionAffinity added"])
    let declared = Self.clusterIPIaC + "\n  sessionAffinity: ClientIP"
    #expect(try NormalizerFixture.changes(iac: declared, live: live) == [])
  }

  @Test func headlessClusterIPIsCompared() throws {
    let headless = Self.clusterIPIaC + "\n  clusterIP: None"
    let live = Self.clusterIPLive().replacingOccurrences(of: "10.96.41.7", with: "None")
    #expect(try NormalizerFixture.changes(iac: headless, live: live) == [])
    #expect(try NormalizerFixture.changes(iac: headless, live: Self.clusterIPLive()) == ["spec.clusterIP changed"])
  }

  @Test func cleaningRemovesAllocatedFields() throws {
    let spec = try #require(try NormalizerFixture.clean(Self.clusterIPLive())["spec"])
    for key in [
      "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "type", "sessionAffinity", "internalTrafficPolicy",
    ] {
      #expect(spec[key] == nil, "\(key)")
    }
    #expect(spec["ports"]?.list?[1] == ["name": "dns-tcp", "port": 53])
    #expect(spec["ports"]?.list?[2] == ["name": "http", "port": 80, "targetPort": 8080])
  }

  // MARK: - LoadBalancer

  static let loadBalancerIaC = """
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: shop
    spec:
      type: LoadBalancer
      selector:
        app: web
      ports:
      - name: https
        port: 443
        targetPort: 8443
    """

  static func loadBalancerLive(trafficPolicy: String = "Cluster", healthCheck: String = "") -> String {
    """
    apiVersion: v1
    kind: Service
    metadata:
      finalizers:
      - service.kubernetes.io/load-balancer-cleanup
      name: web
      namespace: shop
    spec:
      allocateLoadBalancerNodePorts: true
      clusterIP: 10.96.7.12
      clusterIPs:
      - 10.96.7.12
      externalTrafficPolicy: \(trafficPolicy)
      \(healthCheck)internalTrafficPolicy: Cluster
      ipFamilies:
      - IPv4
      ipFamilyPolicy: SingleStack
      ports:
      - name: https
        nodePort: 31443
        port: 443
        protocol: TCP
        targetPort: 8443
      selector:
        app: web
      sessionAffinity: None
      type: LoadBalancer
    status:
      loadBalancer:
        ingress:
        - hostname: a1b2c3d4e5f6.elb.eu-west-1.amazonaws.com
    """
  }

  @Test func loadBalancerAllocationsAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.loadBalancerIaC, live: Self.loadBalancerLive()) == [])
    let without = try NormalizerFixture.changes(
      iac: Self.loadBalancerIaC, live: Self.loadBalancerLive(), without: Self.id)
    #expect(without.contains("spec.ports[port=443,protocol=TCP].nodePort added"))
    #expect(without.contains("spec.allocateLoadBalancerNodePorts added"))
    #expect(without.contains("spec.externalTrafficPolicy added"))
  }

  @Test func localTrafficPolicyIsReportedAndItsHealthCheckPortIsNot() throws {
    let live = Self.loadBalancerLive(trafficPolicy: "Local", healthCheck: "healthCheckNodePort: 32101\n  ")
    #expect(
      try NormalizerFixture.changes(iac: Self.loadBalancerIaC, live: live) == ["spec.externalTrafficPolicy added"])
  }
}
