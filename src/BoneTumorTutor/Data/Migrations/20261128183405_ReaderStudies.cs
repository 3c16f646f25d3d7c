using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BoneTumorTutor.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReaderStudies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReaderStudies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    InstructionsMarkdown = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Design = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ModelThreshold = table.Column<double>(type: "REAL", nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    LockedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SelectionSeed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReaderStudies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StudyCases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Truth = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelProbability = table.Column<double>(type: "REAL", nullable: true),
                    ModelCall = table.Column<int>(type: "INTEGER", nullable: true),
                    ModelErrorEnriched = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudyCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StudyCases_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StudyCases_ReaderStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "ReaderStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StudyReaders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ExperienceYears = table.Column<int>(type: "INTEGER", nullable: false),
                    Band = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderSeed = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudyReaders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StudyReaders_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StudyReaders_ReaderStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "ReaderStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StudyReads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudyReaderId = table.Column<int>(type: "INTEGER", nullable: false),
                    StudyCaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ActiveMs = table.Column<int>(type: "INTEGER", nullable: false),
                    UnaidedDiagnosis = table.Column<int>(type: "INTEGER", nullable: true),
                    UnaidedRating = table.Column<int>(type: "INTEGER", nullable: true),
                    UnaidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UnaidedMs = table.Column<int>(type: "INTEGER", nullable: true),
                    AidedDiagnosis = table.Column<int>(type: "INTEGER", nullable: true),
                    AidedRating = table.Column<int>(type: "INTEGER", nullable: true),
                    AidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AidedMs = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudyReads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StudyReads_StudyCases_StudyCaseId",
                        column: x => x.StudyCaseId,
                        principalTable: "StudyCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StudyReads_StudyReaders_StudyReaderId",
                        column: x => x.StudyReaderId,
                        principalTable: "StudyReaders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StudyCases_CaseId",
                table: "StudyCases",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_StudyCases_StudyId_CaseId",
                table: "StudyCases",
                columns: new[] { "StudyId", "CaseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudyReaders_StudyId_UserId",
                table: "StudyReaders",
                columns: new[] { "StudyId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudyReaders_UserId",
                table: "StudyReaders",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_StudyReads_PublicId",
                table: "StudyReads",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudyReads_StudyCaseId",
                table: "StudyReads",
                column: "StudyCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_StudyReads_StudyReaderId_Sequence",
                table: "StudyReads",
                columns: new[] { "StudyReaderId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudyReads_StudyReaderId_StudyCaseId",
                table: "StudyReads",
                columns: new[] { "StudyReaderId", "StudyCaseId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StudyReads");

            migrationBuilder.DropTable(
                name: "StudyCases");

            migrationBuilder.DropTable(
                name: "StudyReaders");

            migrationBuilder.DropTable(
                name: "ReaderStudies");
        }
    }
}
