#include "aws/resources.h"

#include <iterator>

namespace segproof::aws {

namespace {

template <class T>
void moveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void Resources::append(Resources other) {
  moveAppend(files, other.files);
  moveAppend(vpcs, other.vpcs);
  moveAppend(subnets, other.subnets);
  moveAppend(route_tables, other.route_tables);
  moveAppend(routes, other.routes);
  moveAppend(route_table_associations, other.route_table_associations);
  moveAppend(main_route_table_associations, other.main_route_table_associations);
  moveAppend(security_groups, other.security_groups);
  moveAppend(security_group_rules, other.security_group_rules);
  moveAppend(network_acls, other.network_acls);
  moveAppend(network_acl_rules, other.network_acl_rules);
  moveAppend(network_acl_associations, other.network_acl_associations);
  moveAppend(internet_gateways, other.internet_gateways);
  moveAppend(gateway_attachments, other.gateway_attachments);
  moveAppend(gateways, other.gateways);
  moveAppend(elastic_ips, other.elastic_ips);
  moveAppend(elastic_ip_associations, other.elastic_ip_associations);
  moveAppend(nat_gateways, other.nat_gateways);
  moveAppend(peerings, other.peerings);
  moveAppend(prefix_lists, other.prefix_lists);
  moveAppend(network_interfaces, other.network_interfaces);
  moveAppend(instances, other.instances);
  moveAppend(databases, other.databases);
  moveAppend(db_subnet_groups, other.db_subnet_groups);
  moveAppend(uncertainties, other.uncertainties);
}

}  // namespace segproof::aws
