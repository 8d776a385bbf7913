# Trap 10: a security group rule whose source is another group admits the
# interfaces that carry that group, not the subnet they sit in. The database
# admits PostgreSQL from the "app" group only. The reporting instance shares
# the app server's subnet but not its group, so it cannot connect; the app
# server can.

locals {
  tiers = {
    app  = "10.100.1.0/24"
    data = "10.100.2.0/24"
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.100.0.0/16"
}

resource "aws_subnet" "tier" {
  for_each   = local.tiers
  vpc_id     = aws_vpc.main.id
  cidr_block = each.value
  tags       = { Tier = each.key }
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "reporting" {
  name   = "reporting"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.main.id
}

# Both client groups may open any TCP connection inside the VPC.
resource "aws_security_group_rule" "clients_egress" {
  for_each          = { app = aws_security_group.app.id, reporting = aws_security_group.reporting.id }
  type              = "egress"
  security_group_id = each.value
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = [aws_vpc.main.cidr_block]
}

resource "aws_security_group_rule" "db_from_app" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.app.id
}

resource "aws_instance" "app" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.medium"
  subnet_id              = aws_subnet.tier["app"].id
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_instance" "reporting" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.medium"
  subnet_id              = aws_subnet.tier["app"].id
  vpc_security_group_ids = [aws_security_group.reporting.id]
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = [aws_subnet.tier["data"].id]
}

resource "aws_db_instance" "db" {
  identifier             = "orders"
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 20
  db_subnet_group_name   = aws_db_subnet_group.db.name
  vpc_security_group_ids = [aws_security_group.db.id]
  username               = "orders"
  manage_master_user_password = true
}
