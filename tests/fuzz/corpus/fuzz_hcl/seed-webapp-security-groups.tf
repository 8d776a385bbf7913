# One security group per tier. The web tier admits HTTP(S) from anywhere; the
# app tier admits 8080 from the web tier's group; the database admits 5432
# from the app tier's group. Each tier may open connections only where it
# needs to.

resource "aws_security_group" "web" {
  name        = "webapp-web"
  description = "Web servers"
  vpc_id      = module.network.vpc_id
  tags        = local.tags

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      description = "HTTP(S) from anywhere"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    description     = "To the application servers"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  egress {
    description = "Package updates"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Administrators' SSH access to the web servers, from var.admin_cidrs.
resource "aws_security_group_rule" "web_ssh" {
  count             = length(var.admin_cidrs) > 0 ? 1 : 0
  type              = "ingress"
  description       = "SSH from the administrators"
  security_group_id = aws_security_group.web.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = var.admin_cidrs
}

resource "aws_security_group" "app" {
  name        = "webapp-app"
  description = "Application servers"
  vpc_id      = module.network.vpc_id
  tags        = local.tags
}

resource "aws_security_group_rule" "app_from_web" {
  type                     = "ingress"
  description              = "HTTP from the web servers"
  security_group_id        = aws_security_group.app.id
  from_port                = 8080
  to_port                  = 8080
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "app_to_db" {
  type                     = "egress"
  description              = "PostgreSQL"
  security_group_id        = aws_security_group.app.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.db.id
}

resource "aws_security_group_rule" "app_https_out" {
  type              = "egress"
  description       = "Third-party APIs, through the NAT gateways"
  security_group_id = aws_security_group.app.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "db" {
  name        = "webapp-db"
  description = "PostgreSQL"
  vpc_id      = module.network.vpc_id
  tags        = local.tags

  ingress {
    description     = "PostgreSQL from the application servers"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}
