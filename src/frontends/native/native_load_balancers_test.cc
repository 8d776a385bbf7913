// The native format's load balancers (with their listeners and, classic, their
// instances) and target groups (with their targets).
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

using aws::LoadBalancerKind;
using testing::load;
using testing::problems;

const char kAlbInFront[] =
    "load_balancers:\n"
    "  - name: web-alb\n"
    "    type: application\n"
    "    scheme: internet-facing\n"
    "    subnets: [pub-a, pub-b]\n"
    "    security_groups: [alb-sg]\n"
    "    tags: {Tier: web}\n"
    "    listeners:\n"
    "      - {protocol: HTTPS, port: 443, target_groups: [app-tg]}\n"
    "      - {protocol: http, port: 80, target_groups: [app-tg, other-tg]}\n"
    "target_groups:\n"
    "  - name: app-tg\n"
    "    protocol: HTTP\n"
    "    port: 8080\n"
    "    target_type: instance\n"
    "    vpc: prod\n"
    "    preserve_client_ip: false\n"
    "    tags: {App: shop}\n"
    "    targets: [app-1, {target: app-2, port: 8081}]\n";

TEST_CASE("an application load balancer in front of private instances", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(kAlbInFront, diags);
  REQUIRE(diags.renderAll() == "");

  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& alb = r.load_balancers[0];
  CHECK(alb.name == "web-alb");
  CHECK(alb.provenance.address == "web-alb");
  CHECK(alb.provenance.location.str() == "net.yaml:3:5");
  CHECK(alb.kind == LoadBalancerKind::kApplication);
  CHECK(alb.internet_facing);
  CHECK(alb.scheme_location.str() == "net.yaml:5:13");
  REQUIRE(alb.subnets.size() == 2);
  CHECK(alb.subnets[0].address == "pub-a");
  CHECK(alb.subnets[1].location.str() == "net.yaml:6:22");
  REQUIRE(alb.security_groups.size() == 1);
  CHECK(alb.security_groups[0].address == "alb-sg");
  CHECK(alb.tags.at("Tier") == "web");

  REQUIRE(r.listeners.size() == 2);
  const aws::ListenerSpec& https = r.listeners[0];
  CHECK(https.provenance.address == "web-alb.listeners[0]");
  CHECK(https.provenance.location.str() == "net.yaml:10:9");
  CHECK(https.load_balancer.address == "web-alb");
  CHECK(https.load_balancer.location.str() == "net.yaml:3:5");
  CHECK(https.protocol.value == "HTTPS");
  CHECK(https.protocol.location.str() == "net.yaml:10:20");
  REQUIRE(https.port.has_value());
  CHECK(https.port->value == 443);
  CHECK(https.port->location.str() == "net.yaml:10:33");
  REQUIRE(https.target_groups.size() == 1);
  CHECK(https.target_groups[0].address == "app-tg");
  CHECK(https.target_protocol.value.empty());
  CHECK_FALSE(https.target_port.has_value());
  const aws::ListenerSpec& http = r.listeners[1];
  CHECK(http.provenance.address == "web-alb.listeners[1]");
  CHECK(http.protocol.value == "HTTP");  // written in lower case
  CHECK(http.port->value == 80);
  REQUIRE(http.target_groups.size() == 2);
  CHECK(http.target_groups[1].address == "other-tg");

  REQUIRE(r.target_groups.size() == 1);
  const aws::TargetGroupSpec& group = r.target_groups[0];
  CHECK(group.name == "app-tg");
  CHECK(group.provenance.address == "app-tg");
  CHECK(group.provenance.location.str() == "net.yaml:13:5");
  CHECK(group.protocol.value == "HTTP");
  CHECK(group.port->value == 8080);
  CHECK(group.target_type.value == "instance");
  CHECK(group.target_type.location.str() == "net.yaml:16:18");
  CHECK(group.vpc.address == "prod");
  CHECK_FALSE(group.preserve_client_ip);
  CHECK(group.tags.at("App") == "shop");

  REQUIRE(r.targets.size() == 2);
  const aws::TargetSpec& first = r.targets[0];
  CHECK(first.provenance.address == "app-tg.targets[0]");
  CHECK(first.provenance.location.str() == "net.yaml:20:15");
  CHECK(first.target_group.address == "app-tg");
  CHECK_FALSE(first.load_balancer.given());
  CHECK(first.target.address == "app-1");
  CHECK(first.target.location.str() == "net.yaml:20:15");
  CHECK_FALSE(first.ip.has_value());
  CHECK_FALSE(first.port.has_value());
  const aws::TargetSpec& second = r.targets[1];
  CHECK(second.provenance.address == "app-tg.targets[1]");
  CHECK(second.provenance.location.str() == "net.yaml:20:22");
  CHECK(second.target.address == "app-2");
  CHECK(second.port->value == 8081);
  CHECK(second.port->location.str() == "net.yaml:20:44");
}

TEST_CASE("a load balancer's and a target group's defaults", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - {name: lb, subnets: [a]}\n"
      "target_groups:\n"
      "  - {name: tg, protocol: TCP, port: 22, vpc: prod}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& lb = r.load_balancers[0];
  CHECK(lb.kind == LoadBalancerKind::kApplication);
  CHECK(lb.internet_facing);
  CHECK(lb.scheme_location.line == 0);
  CHECK(lb.security_groups.empty());
  CHECK(lb.tags.empty());
  CHECK(r.listeners.empty());
  REQUIRE(r.target_groups.size() == 1);
  const aws::TargetGroupSpec& tg = r.target_groups[0];
  CHECK(tg.target_type.value == "instance");
  CHECK(tg.target_type.location.str() == "net.yaml:5:5");  // the group's mapping
  CHECK(tg.preserve_client_ip);  // AWS's default for instance targets over TCP
  CHECK(r.targets.empty());
}

TEST_CASE("a dual-stack load balancer", "[frontends][native][ipv6]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - {name: dual, subnets: [a], dual_stack: true}\n"
      "  - {name: v4, subnets: [a], dual_stack: false}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 2);
  REQUIRE(r.load_balancers[0].dual_stack);
  CHECK(r.load_balancers[0].dual_stack->str() == "net.yaml:3:44");
  CHECK_FALSE(r.load_balancers[1].dual_stack);
}

TEST_CASE("a network load balancer with ip targets", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - name: api\n"
      "    type: network\n"
      "    scheme: internal\n"
      "    subnets: [app-a]\n"
      "    listeners:\n"
      "      - {protocol: TCP, port: 5000, target_groups: [api-tg]}\n"
      "      - {protocol: tcp_udp, port: 53, target_groups: [dns-tg]}\n"
      "target_groups:\n"
      "  - name: api-tg\n"
      "    protocol: TCP\n"
      "    port: 5000\n"
      "    target_type: ip\n"
      "    vpc: prod\n"
      "    targets: [{ip: 10.0.2.50}, {ip: 192.168.1.9, port: 5001}, api-tasks]\n"
      "  - {name: dns-tg, protocol: TCP_UDP, port: 53, target_type: ip, vpc: prod}\n"
      "  - {name: tls-tg, protocol: TLS, port: 443, target_type: ip, vpc: prod,\n"
      "     preserve_client_ip: true}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& nlb = r.load_balancers[0];
  CHECK(nlb.kind == LoadBalancerKind::kNetwork);
  CHECK_FALSE(nlb.internet_facing);
  CHECK(nlb.scheme_location.str() == "net.yaml:5:13");
  CHECK(nlb.security_groups.empty());
  REQUIRE(r.listeners.size() == 2);
  CHECK(r.listeners[1].protocol.value == "TCP_UDP");
  REQUIRE(r.target_groups.size() == 3);
  CHECK(r.target_groups[0].target_type.value == "ip");
  CHECK_FALSE(r.target_groups[0].preserve_client_ip);  // AWS's default for ip over TCP
  CHECK(r.target_groups[1].preserve_client_ip);        // always for TCP_UDP
  CHECK(r.target_groups[2].preserve_client_ip);        // written
  REQUIRE(r.targets.size() == 3);
  CHECK(r.targets[0].ip->value == "10.0.2.50");
  CHECK(r.targets[0].ip->location.str() == "net.yaml:16:20");
  CHECK_FALSE(r.targets[0].target.given());
  CHECK(r.targets[1].ip->value == "192.168.1.9");
  CHECK(r.targets[1].port->value == 5001);
  CHECK(r.targets[2].target.address == "api-tasks");
  CHECK(r.targets[2].provenance.address == "api-tg.targets[2]");
}

TEST_CASE("a gateway load balancer and lambda and alb target groups", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - name: gwlb\n"
      "    type: gateway\n"
      "    subnets: [fw-a]\n"
      "    listeners: [{target_groups: [appliances]}, {}]\n"
      "  - {name: front, type: network, subnets: [a], security_groups: [nlb-sg],\n"
      "     listeners: [{protocol: TCP, port: 443, target_groups: [to-alb]}]}\n"
      "target_groups:\n"
      "  - {name: appliances, protocol: GENEVE, port: 6081, vpc: sec, targets: [fw-1]}\n"
      "  - {name: fn, target_type: lambda, targets: [thumbnails]}\n"
      "  - {name: to-alb, protocol: TCP, port: 443, target_type: alb, vpc: prod,\n"
      "     targets: [web-alb]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 2);
  const aws::LoadBalancerSpec& gwlb = r.load_balancers[0];
  CHECK(gwlb.kind == LoadBalancerKind::kGateway);
  CHECK_FALSE(gwlb.internet_facing);  // a gateway load balancer has no scheme
  CHECK(r.load_balancers[1].security_groups.at(0).address == "nlb-sg");
  REQUIRE(r.listeners.size() == 3);
  CHECK(r.listeners[0].protocol.value.empty());
  CHECK_FALSE(r.listeners[0].port.has_value());
  CHECK(r.listeners[0].target_groups.at(0).address == "appliances");
  CHECK(r.listeners[1].target_groups.empty());
  CHECK(r.listeners[2].load_balancer.address == "front");
  REQUIRE(r.target_groups.size() == 3);
  CHECK_FALSE(r.target_groups[0].preserve_client_ip);
  const aws::TargetGroupSpec& fn = r.target_groups[1];
  CHECK(fn.target_type.value == "lambda");
  CHECK(fn.protocol.value.empty());
  CHECK_FALSE(fn.port.has_value());
  CHECK_FALSE(fn.vpc.given());
  CHECK_FALSE(fn.preserve_client_ip);
  CHECK(r.target_groups[2].target_type.value == "alb");
  CHECK_FALSE(r.target_groups[2].preserve_client_ip);
  REQUIRE(r.targets.size() == 3);
  CHECK(r.targets[1].target.address == "thumbnails");
  CHECK(r.targets[1].target_group.address == "fn");
  CHECK(r.targets[2].target.address == "web-alb");
}

TEST_CASE("a classic load balancer registers its instances", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - name: elb\n"
      "    type: classic\n"
      "    scheme: internal\n"
      "    subnets: [a, b]\n"
      "    security_groups: [elb-sg]\n"
      "    listeners:\n"
      "      - {protocol: HTTP, port: 80, target_protocol: HTTP, target_port: 8080}\n"
      "      - {protocol: ssl, port: 443, target_protocol: tcp, target_port: 8443}\n"
      "    instances: [web-1, web-2]\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 1);
  CHECK(r.load_balancers[0].kind == LoadBalancerKind::kClassic);
  CHECK_FALSE(r.load_balancers[0].internet_facing);
  REQUIRE(r.listeners.size() == 2);
  const aws::ListenerSpec& http = r.listeners[0];
  CHECK(http.protocol.value == "HTTP");
  CHECK(http.port->value == 80);
  CHECK(http.target_protocol.value == "HTTP");
  CHECK(http.target_protocol.location.str() == "net.yaml:9:53");
  CHECK(http.target_port->value == 8080);
  CHECK(http.target_groups.empty());
  CHECK(r.listeners[1].protocol.value == "SSL");
  CHECK(r.listeners[1].target_protocol.value == "TCP");
  CHECK(r.target_groups.empty());
  REQUIRE(r.targets.size() == 2);
  const aws::TargetSpec& web1 = r.targets[0];
  CHECK(web1.load_balancer.address == "elb");
  CHECK(web1.load_balancer.location.str() == "net.yaml:3:5");
  CHECK_FALSE(web1.target_group.given());
  CHECK(web1.target.address == "web-1");
  CHECK(web1.target.location.str() == "net.yaml:11:17");
  CHECK(web1.provenance.address == "elb.instances[0]");
  CHECK(web1.provenance.location.str() == "net.yaml:11:17");
  CHECK(r.targets[1].provenance.address == "elb.instances[1]");
}

TEST_CASE("load balancer keys are checked", "[frontends][native]") {
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], listners: []}\n") ==
        "net.yaml:3:30: error[unknown-key]: unknown key 'listners' in load balancer (did you "
        "mean 'listeners'?)\n"
        "    - {name: lb, subnets: [a], listners: []}\n"
        "                               ^\n");
  CHECK(problems("load_balancers:\n  - {subnets: [a]}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'name' in load balancer\n"
        "    - {subnets: [a]}\n"
        "      ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'subnets' in load balancer\n"
        "    - {name: lb}\n"
        "      ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], type: alb}\n") ==
        "net.yaml:3:36: error[invalid-value]: expected application, network, gateway or classic "
        "for 'type' in load balancer\n"
        "    - {name: lb, subnets: [a], type: alb}\n"
        "                                     ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], type: [network]}\n") ==
        "net.yaml:3:36: error[invalid-value]: expected a string for 'type' in load balancer\n"
        "    - {name: lb, subnets: [a], type: [network]}\n"
        "                                     ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], scheme: public}\n") ==
        "net.yaml:3:38: error[invalid-value]: expected internet-facing or internal for 'scheme' "
        "in load balancer\n"
        "    - {name: lb, subnets: [a], scheme: public}\n"
        "                                       ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: a, security_groups: [[sg]]}\n") ==
        "net.yaml:3:25: error[invalid-value]: expected a list for 'subnets' in load balancer\n"
        "    - {name: lb, subnets: a, security_groups: [[sg]]}\n"
        "                          ^\n"
        "net.yaml:3:46: error[invalid-value]: expected a string for each item of "
        "'security_groups' in load balancer\n"
        "    - {name: lb, subnets: a, security_groups: [[sg]]}\n"
        "                                               ^\n");
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], listeners: [HTTP]}\n") ==
        "net.yaml:3:42: error[invalid-value]: expected a mapping for each item of 'listeners' "
        "in load balancer\n"
        "    - {name: lb, subnets: [a], listeners: [HTTP]}\n"
        "                                           ^\n");
  CHECK(problems("load_balancers: {name: lb}\n") ==
        "net.yaml:2:17: error[invalid-value]: expected a list for 'load_balancers' in model\n"
        "  load_balancers: {name: lb}\n"
        "                  ^\n");
}

TEST_CASE("keys of another type of load balancer are errors", "[frontends][native]") {
  CHECK(problems("load_balancers:\n  - {name: lb, subnets: [a], instances: [web-1]}\n") ==
        "net.yaml:3:41: error[invalid-value]: 'instances' does not apply to an application load "
        "balancer\n"
        "    - {name: lb, subnets: [a], instances: [web-1]}\n"
        "                                          ^\n");
  CHECK(problems("load_balancers:\n"
                 "  - {name: lb, type: gateway, subnets: [a], scheme: internal,\n"
                 "     security_groups: [sg]}\n") ==
        "net.yaml:3:53: error[invalid-value]: 'scheme' does not apply to a gateway load "
        "balancer\n"
        "    - {name: lb, type: gateway, subnets: [a], scheme: internal,\n"
        "                                                      ^\n"
        "net.yaml:4:23: error[invalid-value]: 'security_groups' does not apply to a gateway load "
        "balancer\n"
        "       security_groups: [sg]}\n"
        "                        ^\n");
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n  - {name: lb, type: network, subnets: [a], instances: [web-1]}\n", diags);
  CHECK(diags.hasErrors());
  CHECK(r.load_balancers.empty());
  CHECK(r.targets.empty());
}

std::string listener(const std::string& type, const std::string& item) {
  return "load_balancers:\n  - name: lb\n    type: " + type +
         "\n    subnets: [a]\n    listeners:\n      - " + item + "\n";
}

TEST_CASE("listeners are checked against their load balancer's type", "[frontends][native]") {
  CHECK(problems(listener("application", "{protocol: HTTPS, port: 443, target_group: tg}")) ==
        "net.yaml:7:38: error[unknown-key]: unknown key 'target_group' in listener (did you mean "
        "'target_groups'?)\n"
        "        - {protocol: HTTPS, port: 443, target_group: tg}\n"
        "                                       ^\n");
  CHECK(problems(listener("application", "{protocol: HTTPS}")) ==
        "net.yaml:7:9: error[missing-key]: missing key 'port' in listener\n"
        "        - {protocol: HTTPS}\n"
        "          ^\n");
  CHECK(problems(listener("network", "{port: 80}")) ==
        "net.yaml:7:9: error[missing-key]: missing key 'protocol' in listener\n"
        "        - {port: 80}\n"
        "          ^\n");
  CHECK(problems(listener("application", "{protocol: TCP, port: 80}")) ==
        "net.yaml:7:20: error[invalid-value]: expected HTTP or HTTPS for 'protocol' in "
        "listener\n"
        "        - {protocol: TCP, port: 80}\n"
        "                     ^\n");
  CHECK(problems(listener("network", "{protocol: HTTP, port: 80}")) ==
        "net.yaml:7:20: error[invalid-value]: expected TCP, TLS, UDP or TCP_UDP for 'protocol' "
        "in listener\n"
        "        - {protocol: HTTP, port: 80}\n"
        "                     ^\n");
  CHECK(problems(listener("network", "{protocol: TCP, port: http, target_groups: tg}")) ==
        "net.yaml:7:31: error[invalid-value]: expected an integer for 'port' in listener\n"
        "        - {protocol: TCP, port: http, target_groups: tg}\n"
        "                                ^\n"
        "net.yaml:7:52: error[invalid-value]: expected a list for 'target_groups' in listener\n"
        "        - {protocol: TCP, port: http, target_groups: tg}\n"
        "                                                     ^\n");
  CHECK(problems(listener("gateway", "{protocol: GENEVE, port: 6081, target_groups: [tg]}")) ==
        "net.yaml:7:20: error[invalid-value]: 'protocol' does not apply to a listener of a "
        "gateway load balancer\n"
        "        - {protocol: GENEVE, port: 6081, target_groups: [tg]}\n"
        "                     ^\n"
        "net.yaml:7:34: error[invalid-value]: 'port' does not apply to a listener of a gateway "
        "load balancer\n"
        "        - {protocol: GENEVE, port: 6081, target_groups: [tg]}\n"
        "                                   ^\n");
  CHECK(
      problems(listener("application",
                        "{protocol: HTTP, port: 80, target_protocol: HTTP, target_port: 8080}")) ==
      "net.yaml:7:53: error[invalid-value]: 'target_protocol' does not apply to a listener of "
      "an application load balancer\n"
      "        - {protocol: HTTP, port: 80, target_protocol: HTTP, target_port: 8080}\n"
      "                                                      ^\n"
      "net.yaml:7:72: error[invalid-value]: 'target_port' does not apply to a listener of an "
      "application load balancer\n"
      "        - {protocol: HTTP, port: 80, target_protocol: HTTP, target_port: 8080}\n"
      "                                                                         ^\n");
}

TEST_CASE("a classic listener names its instances' protocol and port", "[frontends][native]") {
  CHECK(problems(listener("classic", "{protocol: HTTP, port: 80, target_groups: [tg]}")) ==
        "net.yaml:7:51: error[invalid-value]: 'target_groups' does not apply to a listener of a "
        "classic load balancer\n"
        "        - {protocol: HTTP, port: 80, target_groups: [tg]}\n"
        "                                                    ^\n");
  CHECK(problems(listener("classic", "{protocol: HTTP, port: 80, target_port: 8080}")) ==
        "net.yaml:7:9: error[missing-key]: missing key 'target_protocol' in listener\n"
        "        - {protocol: HTTP, port: 80, target_port: 8080}\n"
        "          ^\n");
  CHECK(problems(listener("classic",
                          "{protocol: UDP, port: 53, target_protocol: UDP, "
                          "target_port: 53}")) ==
        "net.yaml:7:20: error[invalid-value]: expected HTTP, HTTPS, TCP or SSL for 'protocol' in "
        "listener\n"
        "        - {protocol: UDP, port: 53, target_protocol: UDP, target_port: 53}\n"
        "                     ^\n"
        "net.yaml:7:52: error[invalid-value]: expected HTTP, HTTPS, TCP or SSL for "
        "'target_protocol' in listener\n"
        "        - {protocol: UDP, port: 53, target_protocol: UDP, target_port: 53}\n"
        "                                                     ^\n");
}

TEST_CASE("a load balancer with a wrong listener is left out", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - name: lb\n"
      "    subnets: [a]\n"
      "    listeners: [{protocol: HTTP, port: 80}, {protocol: FTP, port: 21}]\n",
      diags);
  CHECK(diags.hasErrors());
  CHECK(r.load_balancers.empty());
  CHECK(r.listeners.size() == 1);
}

std::string group(const std::string& item) { return "target_groups:\n  - " + item + "\n"; }

TEST_CASE("target group keys are checked", "[frontends][native]") {
  CHECK(problems(group("{name: tg, protocol: HTTP, port: 80, vpc: p, target: [a]}")) ==
        "net.yaml:3:50: error[unknown-key]: unknown key 'target' in target group (did you mean "
        "'targets'?)\n"
        "    - {name: tg, protocol: HTTP, port: 80, vpc: p, target: [a]}\n"
        "                                                   ^\n");
  CHECK(problems(group("{protocol: HTTP, port: 80, vpc: p}")) ==
        "net.yaml:3:5: error[missing-key]: missing key 'name' in target group\n"
        "    - {protocol: HTTP, port: 80, vpc: p}\n"
        "      ^\n");
  CHECK(problems(group("{name: tg}")) ==
        "net.yaml:3:5: error[missing-key]: missing key 'protocol' in target group\n"
        "    - {name: tg}\n"
        "      ^\n"
        "net.yaml:3:5: error[missing-key]: missing key 'port' in target group\n"
        "    - {name: tg}\n"
        "      ^\n"
        "net.yaml:3:5: error[missing-key]: missing key 'vpc' in target group\n"
        "    - {name: tg}\n"
        "      ^\n");
  CHECK(problems(group("{name: tg, protocol: SMTP, port: 25, vpc: p}")) ==
        "net.yaml:3:26: error[invalid-value]: expected HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP or "
        "GENEVE for 'protocol' in target group\n"
        "    - {name: tg, protocol: SMTP, port: 25, vpc: p}\n"
        "                           ^\n");
  CHECK(problems(group("{name: tg, protocol: TCP, port: 25, vpc: p, target_type: instances}")) ==
        "net.yaml:3:62: error[invalid-value]: expected instance, ip, lambda or alb for "
        "'target_type' in target group\n"
        "    - {name: tg, protocol: TCP, port: 25, vpc: p, target_type: instances}\n"
        "                                                               ^\n");
  CHECK(problems(group("{name: tg, protocol: TCP, port: 25, vpc: p, target_type: [ip]}")) ==
        "net.yaml:3:62: error[invalid-value]: expected a string for 'target_type' in target "
        "group\n"
        "    - {name: tg, protocol: TCP, port: 25, vpc: p, target_type: [ip]}\n"
        "                                                               ^\n");
  CHECK(problems(group("{name: tg, protocol: TCP, port: 25, vpc: [p], preserve_client_ip: no!}")) ==
        "net.yaml:3:46: error[invalid-value]: expected a string for 'vpc' in target group\n"
        "    - {name: tg, protocol: TCP, port: 25, vpc: [p], preserve_client_ip: no!}\n"
        "                                               ^\n"
        "net.yaml:3:71: error[invalid-value]: expected true or false for 'preserve_client_ip' in "
        "target group\n"
        "    - {name: tg, protocol: TCP, port: 25, vpc: [p], preserve_client_ip: no!}\n"
        "                                                                        ^\n");
  CHECK(problems(group("{name: tg, protocol: TCP, port: 25, vpc: p, targets: a}")) ==
        "net.yaml:3:58: error[invalid-value]: expected a list for 'targets' in target group\n"
        "    - {name: tg, protocol: TCP, port: 25, vpc: p, targets: a}\n"
        "                                                           ^\n");
  CHECK(problems("target_groups: [tg]\n") ==
        "net.yaml:2:17: error[invalid-value]: expected a mapping for each item of "
        "'target_groups' in model\n"
        "  target_groups: [tg]\n"
        "                  ^\n");
}

TEST_CASE("a lambda target group has no protocol, port or VPC", "[frontends][native]") {
  CHECK(problems(group("{name: fn, target_type: lambda, protocol: HTTP, port: 80, vpc: p,\n"
                       "     preserve_client_ip: false, targets: [{target: f, port: 80}]}")) ==
        "net.yaml:3:47: error[invalid-value]: 'protocol' does not apply to a lambda target "
        "group\n"
        "    - {name: fn, target_type: lambda, protocol: HTTP, port: 80, vpc: p,\n"
        "                                                ^\n"
        "net.yaml:3:59: error[invalid-value]: 'port' does not apply to a lambda target group\n"
        "    - {name: fn, target_type: lambda, protocol: HTTP, port: 80, vpc: p,\n"
        "                                                            ^\n"
        "net.yaml:3:68: error[invalid-value]: 'vpc' does not apply to a lambda target group\n"
        "    - {name: fn, target_type: lambda, protocol: HTTP, port: 80, vpc: p,\n"
        "                                                                     ^\n"
        "net.yaml:4:26: error[invalid-value]: 'preserve_client_ip' does not apply to a lambda "
        "target group\n"
        "       preserve_client_ip: false, targets: [{target: f, port: 80}]}\n"
        "                           ^\n"
        "net.yaml:4:61: error[invalid-value]: 'port' does not apply to a target of a lambda "
        "target group\n"
        "       preserve_client_ip: false, targets: [{target: f, port: 80}]}\n"
        "                                                              ^\n");
}

TEST_CASE("client IP preservation that AWS refuses", "[frontends][native]") {
  CHECK(problems(group("{name: tg, protocol: UDP, port: 53, vpc: p, preserve_client_ip: false}")) ==
        "net.yaml:3:69: error[invalid-value]: client IP preservation cannot be turned off for a "
        "UDP target group\n"
        "    - {name: tg, protocol: UDP, port: 53, vpc: p, preserve_client_ip: false}\n"
        "                                                                      ^\n");
  CHECK(problems(group("{name: tg, protocol: https, port: 443, vpc: p, preserve_client_ip: on}")) ==
        "net.yaml:3:72: error[invalid-value]: client IP preservation applies to TCP, TLS, UDP "
        "and TCP_UDP target groups, not to protocol HTTPS\n"
        "    - {name: tg, protocol: https, port: 443, vpc: p, preserve_client_ip: on}\n"
        "                                                                         ^\n");
}

std::string target(const std::string& type, const std::string& item) {
  return "target_groups:\n  - name: tg\n    protocol: TCP\n    port: 80\n    vpc: p\n"
         "    target_type: " +
         type + "\n    targets:\n      - " + item + "\n";
}

TEST_CASE("targets are checked", "[frontends][native]") {
  CHECK(problems(target("ip", "{ip: 10.0.0.1, target: a}")) ==
        "net.yaml:9:10: error[conflicting-keys]: 'target' and 'ip' cannot both be given in "
        "target\n"
        "        - {ip: 10.0.0.1, target: a}\n"
        "           ^\n");
  CHECK(problems(target("ip", "{port: 81}")) ==
        "net.yaml:9:9: error[missing-key]: missing key 'target' (or 'ip') in target\n"
        "        - {port: 81}\n"
        "          ^\n");
  CHECK(problems(target("instance", "{ip: 10.0.0.1}")) ==
        "net.yaml:9:14: error[invalid-value]: 'ip' does not apply to a target of an instance "
        "target group\n"
        "        - {ip: 10.0.0.1}\n"
        "               ^\n");
  CHECK(problems(target("ip", "{ip: 10.0.0.1, prt: 81}")) ==
        "net.yaml:9:24: error[unknown-key]: unknown key 'prt' in target (did you mean "
        "'port'?)\n"
        "        - {ip: 10.0.0.1, prt: 81}\n"
        "                         ^\n");
  CHECK(problems(target("instance", "{target: a, port: eighty}")) ==
        "net.yaml:9:27: error[invalid-value]: expected an integer for 'port' in target\n"
        "        - {target: a, port: eighty}\n"
        "                            ^\n");
  CHECK(problems(target("instance", "[a, b]")) ==
        "net.yaml:9:9: error[invalid-value]: expected a name or a mapping for each item of "
        "'targets' in target group\n"
        "        - [a, b]\n"
        "          ^\n");
  DiagnosticEngine diags;
  aws::Resources r = load(target("instance", "{target: a, port: x}") + "      - b\n", diags);
  CHECK(diags.hasErrors());
  CHECK(r.target_groups.empty());
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].target.address == "b");
  CHECK(r.targets[0].provenance.address == "tg.targets[1]");
}

TEST_CASE("the documented load balancer example reads without diagnostics", "[frontends][native]") {
  std::string example = testing::documentedExample(2);  // the third ```yaml block
  REQUIRE_FALSE(example.empty());
  DiagnosticEngine diags;
  diags.addSource("lb.yaml", example);
  aws::Resources r;
  NativeFrontend().load("lb.yaml", example, r, diags);
  CHECK(diags.renderAll() == "");
  CHECK(r.load_balancers.size() == 4);
  CHECK(r.listeners.size() == 5);
  CHECK(r.target_groups.size() == 4);
  CHECK(r.targets.size() == 8);
}

TEST_CASE("the documented load balancer example builds; the gateway one is not analysed",
          "[frontends][native]") {
  std::string example = testing::documentedExample(2);
  REQUIRE_FALSE(example.empty());
  example +=
      "vpcs:\n"
      "  - {name: prod, cidr: 10.0.0.0/16}\n"
      "subnets:\n"
      "  - {name: web-a, vpc: prod, cidr: 10.0.1.0/24, availability_zone: eu-west-1a}\n"
      "  - {name: web-b, vpc: prod, cidr: 10.0.11.0/24, availability_zone: eu-west-1b}\n"
      "  - {name: app-a, vpc: prod, cidr: 10.0.2.0/24, availability_zone: eu-west-1a}\n"
      "security_groups:\n"
      "  - {name: alb-sg, vpc: prod, ingress: [{protocol: tcp, ports: 443, cidr: 0.0.0.0/0}]}\n"
      "instances:\n"
      "  - {name: app-1, subnet: app-a}\n"
      "  - {name: app-2, subnet: app-a}\n"
      "  - {name: fw-1, subnet: app-a, source_dest_check: false}\n"
      "services:\n"
      "  - {name: api-tasks, kind: container, subnets: [app-a]}\n"
      "  - {name: thumbnails, kind: function, subnets: [app-a]}\n";
  DiagnosticEngine diags;
  diags.addSource("lb.yaml", example);
  aws::Resources r;
  NativeFrontend().load("lb.yaml", example, r, diags);
  aws::buildNetwork(r, diags);
  CHECK_FALSE(diags.hasErrors());
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.diagnostics())
    codes.push_back(d.location.str() + " " + d.code);
  CHECK(codes == std::vector<std::string>{"lb.yaml:20:5 load-balancer-not-analysed",
                                          "lb.yaml:48:34 load-balancer-protocol",
                                          "lb.yaml:49:58 lambda-target"});
}

TEST_CASE("cross_zone is read for network, gateway and classic load balancers",
          "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "load_balancers:\n"
      "  - {name: nlb, type: network, subnets: [a], cross_zone: true}\n"
      "  - {name: plain, type: network, subnets: [a]}\n"
      "  - {name: elb, type: classic, subnets: [a], cross_zone: false}\n"
      "  - {name: alb, subnets: [a], cross_zone: false}\n",
      diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:43: error[invalid-value]: 'cross_zone' does not apply to an application load "
        "balancer\n"
        "    - {name: alb, subnets: [a], cross_zone: false}\n"
        "                                            ^\n");
  REQUIRE(r.load_balancers.size() == 3);
  REQUIRE(r.load_balancers[0].cross_zone);
  CHECK(r.load_balancers[0].cross_zone->value);
  CHECK(r.load_balancers[0].cross_zone->location.str() == "net.yaml:3:58");
  CHECK_FALSE(r.load_balancers[1].cross_zone);  // the builder's default
  REQUIRE(r.load_balancers[2].cross_zone);
  CHECK_FALSE(r.load_balancers[2].cross_zone->value);
}

}  // namespace
}  // namespace segproof
