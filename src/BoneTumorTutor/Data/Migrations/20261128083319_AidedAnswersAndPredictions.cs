using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BoneTumorTutor.Data.Migrations
{
    /// <inheritdoc />
    public partial class AidedAnswersAndPredictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AidedAnswer",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AidedAt",
                table: "Attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AidedConfidence",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ModelCall",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ModelProbability",
                table: "Attempts",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ModelSha256",
                table: "Attempts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CasePredictions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProbabilityOs = table.Column<double>(type: "REAL", nullable: false),
                    Call = table.Column<int>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CasePredictions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CasePredictions_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CasePredictions_CaseId_ModelSha256",
                table: "CasePredictions",
                columns: new[] { "CaseId", "ModelSha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CasePredictions_ModelSha256",
                table: "CasePredictions",
                column: "ModelSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "AidedAnswer",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "AidedAt",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "AidedConfidence",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ModelCall",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ModelProbability",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "ModelSha256",
                table: "Attempts");
        }
    }
}
