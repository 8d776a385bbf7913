# Security groups, one per tier, and the office VPN prefix list. Each group's
# `name` is the live GroupName.

resource "aws_ec2_managed_prefix_list" "office_vpn" {
  name           = "office-vpn"
  address_family = "IPv4"
  max_entries    = 10
  tags           = { Name = "office-vpn" }

  entry {
    cidr        = "198.51.100.0/24"
    description = "office VPN concentrator pool"
  }
}

# The VPC's default group, adopted: members talk to each other, nothing else.
resource "aws_default_security_group" "prod" {
  vpc_id = aws_vpc.prod.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 0
    to_port     = 0
  }
}

# The load balancer and the web server.
resource "aws_security_group" "web" {
  name        = "prod-web"
  description = "HTTPS from the internet"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-web" }

  ingress {
    description      = "HTTPS from anywhere"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "app" {
  name        = "prod-app"
  description = "app tier"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-app" }

  ingress {
    description     = "from the web tier and the load balancer"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }

  ingress {
    description     = "ssh from bastion"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

# No egress block: the database opens no connection.
resource "aws_security_group" "db" {
  name        = "prod-db"
  description = "postgres from the app tier"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-db" }

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  ingress {
    description     = "psql from the bastion, for the on-call engineer"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
}

# SSH from the office, which connects through the VPN only.
resource "aws_security_group" "bastion" {
  name        = "prod-bastion"
  description = "ssh from the office"
  vpc_id      = aws_vpc.prod.id
  tags        = { Name = "prod-bastion" }

  ingress {
    description     = "office VPN"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.office_vpn.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
